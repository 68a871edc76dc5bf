// The OpenID Connect routes: /auth/oidc/login redirects to the provider, /auth/oidc/callback
// checks its answer (state, nonce, PKCE, through openid-client) and issues the login cookie.
// The strategy's flow state lives in a signed cookie (flowCookie.ts) instead of a server session.

import express, { type Request, type Response, type Router } from 'express';
import { identityFields } from '../auth/auditFields.js';
import * as client from 'openid-client';
import { Passport } from 'passport';
import type { AuditLog } from '../audit.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Identity } from '../auth/identity.js';
import { addressKey, type FailureRateLimiter } from '../auth/rateLimiter.js';
import { FlowCookie, type FlowState } from '../auth/oidc/flowCookie.js';
import {
  FLOW_SESSION_KEY,
  OIDC_CALLBACK_PATH,
  OIDC_LOGIN_PATH,
  type OidcLogin,
} from '../auth/oidc/oidcLogin.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import { signInErrorPage } from './signInErrorPage.js';

const STRATEGY_NAME = 'oidc';

export interface OidcRouteContext {
  oidc: OidcLogin;
  flowCookie: FlowCookie;
  auth: Authenticator;
  audit: AuditLog;
  log: Logger;
  /** Refused callbacks per client address: each one may have cost a request to the provider. */
  failuresPerIp: FailureRateLimiter;
}

/** Why a callback was refused: the audit reason, the HTTP status, and what the page says. */
interface Refusal {
  reason: string;
  status: number;
  explanation: string;
  detail?: string;
}

const EXPIRED_OR_FORGED =
  'The answer from the identity provider could not be verified: the sign-in took too long, was started in another tab, or was tampered with. Please try again.';
const UNREACHABLE = 'The identity provider could not be reached. Please try again in a moment.';

/**
 * Gives openid-client's strategy the `req.session` it expects: reading yields `stored`, and what
 * the strategy stores is validated and handed to `save` (which sets the flow cookie).
 */
function attachFlowSession(
  req: Request,
  stored: FlowState | undefined,
  save: (flow: FlowState) => void,
): void {
  const session = {};
  Object.defineProperty(session, FLOW_SESSION_KEY, {
    enumerable: true,
    configurable: true,
    get: () => stored,
    set: (value: unknown) => {
      const flow = FlowCookie.parse(value);
      if (!flow) throw new Error('openid-client stored a flow state of an unexpected shape');
      save(flow);
    },
  });
  Object.assign(req, { session });
}

function isOidcIdentity(user: unknown): user is Identity {
  return (
    typeof user === 'object' &&
    user !== null &&
    (user as Partial<Identity>).kind === 'oidc' &&
    typeof (user as Partial<Identity>).name === 'string'
  );
}

/** Causes followed at most: openid-client nests one or two. */
const MAX_CAUSES = 5;

/** The messages of an error and its causes (for the log, and to tell state from nonce failures). */
function causeChain(error: unknown): string {
  const messages: string[] = [];
  let cause: unknown = error;
  while (cause instanceof Error && messages.length < MAX_CAUSES) {
    messages.push(cause.message);
    cause = cause.cause;
  }
  return messages.join(': ');
}

/** What an error from the strategy (openid-client) means for the person signing in. */
function refusalFor(error: unknown): Refusal {
  const detail = errorMessage(error);
  if (error instanceof client.AuthorizationResponseError) {
    const explanation = 'The identity provider refused the sign-in.';
    return { reason: 'provider-error', status: 401, explanation, detail: error.error };
  }
  if (error instanceof client.ResponseBodyError) {
    return { reason: 'token-refused', status: 401, explanation: EXPIRED_OR_FORGED, detail };
  }
  if (error instanceof client.ClientError) {
    // openid-client wraps the precise complaint (which parameter, which claim) in `cause`.
    const chain = causeChain(error);
    const reason = /"state"/.test(chain)
      ? 'state'
      : /"nonce"/.test(chain)
        ? 'nonce'
        : 'invalid-response';
    return { reason, status: 401, explanation: EXPIRED_OR_FORGED, detail: chain };
  }
  return { reason: 'provider-unreachable', status: 502, explanation: UNREACHABLE, detail };
}

/** What a failure (no error, no user) reported by the strategy means. */
function refusalForInfo(info: unknown): Refusal {
  const fields = typeof info === 'object' && info !== null ? (info as Record<string, unknown>) : {};
  const message = typeof fields.message === 'string' ? fields.message : 'refused';
  if (fields.reason === 'claims') {
    const explanation = `Your account cannot be used here: ${message}.`;
    return { reason: 'claims', status: 401, explanation, detail: message };
  }
  if (typeof fields.error === 'string') {
    const explanation = 'The identity provider refused the sign-in.';
    return { reason: 'provider-error', status: 401, explanation, detail: fields.error };
  }
  return {
    reason: 'invalid-response',
    status: 401,
    explanation: EXPIRED_OR_FORGED,
    detail: message,
  };
}

type PassportInstance = InstanceType<typeof Passport>;

/** What the strategy made of the provider's answer. */
interface Outcome {
  error?: unknown;
  user?: unknown;
  info?: unknown;
}

function refuseSignIn(context: OidcRouteContext, req: Request, res: Response, refusal: Refusal) {
  const ip = req.ip ?? req.socket.remoteAddress;
  context.failuresPerIp.recordFailure(addressKey(ip ?? 'unknown'));
  context.audit.write({ event: 'login-failed', ip, method: 'oidc', reason: refusal.reason });
  context.log.warn('oidc_login_refused', { reason: refusal.reason, detail: refusal.detail, ip });
  res.status(refusal.status).type('html').send(signInErrorPage(refusal.explanation));
}

/** Too many refused callbacks from this address: answers 429 and returns true. */
function answeredRateLimited(context: OidcRouteContext, req: Request, res: Response): boolean {
  const ip = req.ip ?? req.socket.remoteAddress;
  const retryAfter = context.failuresPerIp.retryAfterSeconds(addressKey(ip ?? 'unknown'));
  if (retryAfter <= 0) return false;
  context.audit.write({ event: 'login-rate-limited', ip });
  res
    .status(429)
    .set('Retry-After', String(retryAfter))
    .type('html')
    .send(signInErrorPage('Too many failed sign-ins from here. Try again later.'));
  return true;
}

/** Runs the strategy on the provider's answer in `req`. */
function verifyAnswer(passport: PassportInstance, req: Request, res: Response): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const check = passport.authenticate(
      STRATEGY_NAME,
      { session: false },
      (error: unknown, user: unknown, info: unknown) => resolve({ error, user, info }),
    ) as express.RequestHandler;
    void check(req, res, (error?: unknown) => resolve({ error }));
  });
}

/** GET /auth/oidc/callback: the provider's answer checked, then the login cookie. */
async function handleCallback(
  context: OidcRouteContext,
  passport: PassportInstance,
  strategy: () => Promise<void>,
  [req, res]: [Request, Response],
): Promise<void> {
  const { flowCookie, audit, log } = context;
  res.set('Cache-Control', 'no-store');
  // One flow, one callback: whatever happens next, the flow cookie is gone.
  res.append('Set-Cookie', flowCookie.clearHeader());
  if (answeredRateLimited(context, req, res)) return;
  const flow = flowCookie.read(req);
  if (!flow?.state || !flow.nonce) {
    const detail = 'no valid flow cookie';
    const refusal = { reason: 'state', status: 401, explanation: EXPIRED_OR_FORGED, detail };
    refuseSignIn(context, req, res, refusal);
    return;
  }
  try {
    await strategy();
  } catch (error) {
    refuseSignIn(context, req, res, refusalFor(error));
    return;
  }
  attachFlowSession(req, flow, () => undefined);
  const outcome = await verifyAnswer(passport, req, res);
  if (outcome.error) {
    refuseSignIn(context, req, res, refusalFor(outcome.error));
    return;
  }
  if (!isOidcIdentity(outcome.user)) {
    refuseSignIn(context, req, res, refusalForInfo(outcome.info));
    return;
  }
  const identity = outcome.user;
  const ip = req.ip ?? req.socket.remoteAddress;
  audit.write({ event: 'login', ...identityFields(identity), ip, method: 'oidc' });
  log.info('oidc_login', { user: identity.name, groups: identity.groups?.join(',') ?? '' });
  res.append('Set-Cookie', context.auth.signIn(req, identity)).redirect(303, '/');
}

export function oidcRoutes(context: OidcRouteContext): Router {
  const { oidc, flowCookie, log } = context;
  const router = express.Router();
  const passport = new Passport();

  /** The strategy, registered by name: passport then gives each request its own instance. */
  const strategy = async (): Promise<void> => {
    passport.use(STRATEGY_NAME, await oidc.ready());
  };

  router.get(OIDC_LOGIN_PATH, async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    try {
      await strategy();
    } catch (error) {
      log.warn('oidc_discovery_failed', { error: errorMessage(error) });
      res.status(502).type('html').send(signInErrorPage(UNREACHABLE));
      return;
    }
    attachFlowSession(req, undefined, (flow) => res.append('Set-Cookie', flowCookie.header(flow)));
    const start = passport.authenticate(STRATEGY_NAME, { session: false }, (error: unknown) => {
      // Only reached when the strategy could not build the redirect.
      next(error);
    }) as express.RequestHandler;
    start(req, res, next);
  });

  router.get(OIDC_CALLBACK_PATH, (req, res) =>
    handleCallback(context, passport, strategy, [req, res]),
  );

  return router;
}
