// The JSON API and the one-time login link.

import express, { type Request, type Router } from 'express';
import { identityFields } from '../auth/auditFields.js';
import type { AuditLog } from '../audit.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Identity } from '../auth/identity.js';
import type { OneTimeTokens } from '../auth/oneTimeTokens.js';
import type { Logger } from '../log.js';
import { roleFor } from '../sessions/access.js';
import type { LiveSession, SessionRegistry } from '../sessions/sessionRegistry.js';
import { listSessionClients } from '../tmux/clients.js';
import { hasSession } from '../tmux/sessionControl.js';
import { API_PREFIX, api } from '../../shared/httpApi.js';
import { reply, underApi } from './apiRoute.js';
import { HttpError, signInFirst } from './errors.js';

export interface RouteContext {
  sessions: SessionRegistry;
  auth: Authenticator;
  oneTimeTokens: OneTimeTokens;
  audit: AuditLog;
  log: Logger;
  /** Routes mounted under /api before the catch-all 404 (login, logout, …). */
  extraApi: Router[];
}

function requireIdentity(req: Request, auth: Authenticator): Identity {
  const identity = auth.identity(req);
  if (!identity) throw signInFirst();
  return identity;
}

const INVALID_LOGIN_LINK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tmuxgate: login link not valid</title></head>
<body><h1>This login link is not valid</h1>
<p>It may have expired, or it was already used: each link printed by <code>tmuxgate serve</code> works once, for a short time.</p>
<p>Restart <code>tmuxgate serve</code> to get a new one.</p></body></html>`;

/** Browsers on the session plus native tmux clients, leaving out the gateway's own tmux clients. */
async function visibleClientCount(session: LiveSession): Promise<number> {
  const clients = await listSessionClients(session.tmux, session.config.target).catch(() => []);
  const ours = session.gatewayClientPids();
  return session.members.size + clients.filter((client) => !ours.has(client.pid)).length;
}

export function apiRoutes(context: RouteContext): Router {
  const router = express.Router();

  router.get(api.health.path, (_req, res) => {
    reply(res, api.health, { status: 'ok' });
  });

  router.get('/login', (req, res, next) => {
    const token = req.query.token;
    if (token === undefined) {
      next();
      return;
    }
    const identity = typeof token === 'string' ? context.oneTimeTokens.consume(token) : null;
    if (!identity) {
      context.audit.write({ event: 'login-failed', ip: req.ip, method: 'link' });
      res.status(401).type('html').set('Cache-Control', 'no-store').send(INVALID_LOGIN_LINK_PAGE);
      return;
    }
    context.audit.write({
      event: 'login',
      ...identityFields(identity),
      ip: req.ip,
      method: 'link',
    });
    const first = context.sessions.all()[0];
    res
      .set('Set-Cookie', context.auth.signInByLink(req, identity))
      .set('Cache-Control', 'no-store')
      .redirect(303, first ? `/s/${encodeURIComponent(first.name)}` : '/');
  });

  const apiRouter = express.Router();
  apiRouter.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  for (const extra of context.extraApi) apiRouter.use(extra);

  apiRouter.get(underApi(api.me), (req, res) => {
    const identity = requireIdentity(req, context.auth);
    reply(res, api.me, { name: identity.name, kind: identity.kind, admin: identity.admin });
  });

  apiRouter.get(underApi(api.sessions), async (req, res) => {
    const identity = requireIdentity(req, context.auth);
    const visible = context.sessions.all().flatMap((session) => {
      const role = roleFor(session.config, identity);
      return role ? [{ session, role }] : [];
    });
    const list = await Promise.all(
      visible.map(async ({ session, role }) => {
        const alive = await hasSession(session.tmux, session.config.target).catch(() => false);
        return {
          name: session.name,
          role,
          alive,
          clients: alive ? await visibleClientCount(session) : 0,
        };
      }),
    );
    reply(res, api.sessions, list);
  });

  apiRouter.use(() => {
    throw new HttpError(404, 'not_found', 'No such endpoint.');
  });

  router.use(API_PREFIX, apiRouter);
  return router;
}
