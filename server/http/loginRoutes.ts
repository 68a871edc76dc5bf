// Password login through passport-local, with rate limits per IP and per user name, and logout.
// Unknown users and wrong passwords get the same answer after the same amount of work. An attempt
// counts against both limits from before its password check until it is settled, so concurrent
// attempts cannot overtake the limit.

import express, { type Request, type Router } from 'express';
import { identityFields } from '../auth/auditFields.js';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { AuditLog } from '../audit.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { LocalUsers } from '../auth/localUsers.js';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords.js';
import { addressKey, type FailureRateLimiter } from '../auth/rateLimiter.js';
import type { UserConfig } from '../config/gatewayConfig.js';
import type { Logger } from '../log.js';
import { api } from '../../shared/httpApi.js';
import { underApi } from './apiRoute.js';
import { HttpError } from './errors.js';

export interface LoginRouteContext {
  /** Password sign-in is on (auth.local); when off, POST /api/login answers 404. */
  local: boolean;
  /** The password users of the current configuration. */
  users: LocalUsers;
  auth: Authenticator;
  audit: AuditLog;
  log: Logger;
  limits: { perIp: FailureRateLimiter; perUser: FailureRateLimiter };
}

function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Passport with the password strategy: a known user's hash, or a dummy of the same cost. */
function passwordPassport(users: LocalUsers): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ session: false }, (username, password, done) => {
      const user = users.find(username);
      const check = user
        ? verifyPassword(password, user.passwordHash)
        : verifyAgainstDummy(password);
      check.then(
        (ok) => done(null, ok && user ? user : false),
        (error: unknown) => done(error),
      );
    }),
  );
  return passport;
}

/** One password attempt: who, from where, and the keys of both rate limits. */
interface Attempt {
  username: string;
  ip: string;
  ipKey: string;
  userKey: string;
}

/** The body checked and both limits consulted; a limited attempt is refused with Retry-After. */
function admitAttempt(context: LoginRouteContext, req: Request): Attempt {
  if (!context.local) {
    throw new HttpError(404, 'password_login_off', 'Password sign-in is turned off here.');
  }
  const body = api.login.body.safeParse(req.body);
  if (!body.success) {
    throw new HttpError(400, 'invalid_body', 'Send {"username": "…", "password": "…"} as JSON.');
  }
  const ip = clientIp(req);
  const attempt = {
    username: body.data.username,
    ip,
    ipKey: addressKey(ip),
    userKey: body.data.username.toLowerCase(),
  };
  const retryAfter = Math.max(
    context.limits.perIp.retryAfterSeconds(attempt.ipKey),
    context.limits.perUser.retryAfterSeconds(attempt.userKey),
  );
  if (retryAfter > 0) {
    context.audit.write({ event: 'login-rate-limited', user: attempt.username, ip });
    throw new HttpError(429, 'rate_limited', 'Too many failed logins. Try again later.', {
      'Retry-After': String(retryAfter),
    });
  }
  return attempt;
}

/** Counts the attempt against both limits now; the function returned settles it, once. */
function reserve(context: LoginRouteContext, { ipKey, userKey }: Attempt) {
  context.limits.perIp.begin(ipKey);
  context.limits.perUser.begin(userKey);
  let settled = false;
  return (failed: boolean) => {
    if (settled) return;
    settled = true;
    context.limits.perIp.settle(ipKey, failed);
    context.limits.perUser.settle(userKey, failed);
  };
}

/** What passport's verdict does: an error goes on, a failure is a 401, a success signs in. */
function answerVerdict(
  context: LoginRouteContext,
  attempt: Attempt,
  settle: (failed: boolean) => void,
  [req, res, next]: Parameters<express.RequestHandler>,
) {
  return (error: unknown, user: UserConfig | false) => {
    if (error) {
      settle(false);
      next(error);
      return;
    }
    if (!user) {
      settle(true);
      context.audit.write({
        event: 'login-failed',
        user: attempt.username,
        ip: attempt.ip,
        method: 'password',
      });
      next(new HttpError(401, 'bad_credentials', 'Wrong user name or password.'));
      return;
    }
    settle(false);
    context.limits.perUser.reset(attempt.userKey);
    context.audit.write({
      event: 'login',
      user: user.name,
      kind: 'local',
      ip: attempt.ip,
      method: 'password',
    });
    res.set('Set-Cookie', context.auth.signInUser(req, user)).status(204).end();
  };
}

export function loginRoutes(context: LoginRouteContext): Router {
  const router = express.Router();
  const passport = passwordPassport(context.users);

  router.post(underApi(api.login), (req, res, next) => {
    const attempt = admitAttempt(context, req);
    // Reserved in the same tick as the check above: settled exactly once, whatever the outcome.
    const settle = reserve(context, attempt);
    const authenticate = passport.authenticate(
      'local',
      { session: false },
      answerVerdict(context, attempt, settle, [req, res, next]),
    ) as express.RequestHandler;
    try {
      authenticate(req, res, next);
    } catch (error) {
      settle(false);
      throw error;
    }
  });

  router.post(underApi(api.logout), async (req, res) => {
    const { identity, header } = await context.auth.signOut(req);
    if (identity)
      context.audit.write({ event: 'logout', ...identityFields(identity), ip: clientIp(req) });
    res.set('Set-Cookie', header).status(204).end();
  });

  return router;
}
