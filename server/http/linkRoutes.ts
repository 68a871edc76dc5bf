// Share links over HTTP: owners create, list and revoke them; guests land on /join/:token, give
// a display name, and get a cookie for that one session with the link's role.

import express, { type Request, type Router } from 'express';
import { api } from '../../shared/httpApi.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { LinkService } from '../links/linkService.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import { parseBody, reply, underApi } from './apiRoute.js';
import { HttpError } from './errors.js';
import { ownedSession } from './ownedSession.js';

const INVALID_LINK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tmuxgate: share link not valid</title></head>
<body><h1>This share link is not valid</h1>
<p>It may have expired, been used up, or been revoked by the session's owner.</p>
<p>Ask whoever shared it for a new link.</p></body></html>`;

export interface LinkRouteContext {
  sessions: SessionRegistry;
  auth: Authenticator;
  links: LinkService;
  publicUrl: string | undefined;
}

function baseUrl(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Pages: mounted before the static client so invalid tokens never reach it. */
export function joinPage(context: LinkRouteContext): Router {
  const router = express.Router();
  router.get('/join/:token', (req, res, next) => {
    if (context.links.peek(String(req.params.token)).ok) {
      next();
      return;
    }
    res.status(404).type('html').set('Cache-Control', 'no-store').send(INVALID_LINK_PAGE);
  });
  return router;
}

/** API: mounted under /api. */
export function linkApi(context: LinkRouteContext): Router {
  const router = express.Router();

  router.post(underApi(api.createLink), async (req, res) => {
    const { identity, session } = ownedSession(req, context.sessions, context.auth);
    const body = parseBody(api.createLink.body, req.body);
    const created = await context.links.create(
      session.name,
      {
        role: body.role,
        ttlSeconds: body.ttlSeconds,
        maxUses: body.maxUses ?? null,
        history: body.history ?? true,
      },
      identity.name,
    );
    reply(res, api.createLink, {
      id: created.id,
      url: `${baseUrl(req, context.publicUrl)}/join/${created.token}`,
      expiresAt: created.expiresAt,
    });
  });

  router.get(underApi(api.listLinks), (req, res) => {
    const { session } = ownedSession(req, context.sessions, context.auth);
    reply(res, api.listLinks, context.links.list(session.name));
  });

  router.delete(underApi(api.revokeLink), async (req, res) => {
    const { identity, session } = ownedSession(req, context.sessions, context.auth);
    const link = context.links.get(String(req.params.id));
    if (!link || link.session !== session.name)
      throw new HttpError(404, 'unknown_link', 'No such link.');
    await context.links.revoke(link.id, identity.name);
    res.status(204).end();
  });

  router.post(underApi(api.joinLink), async (req, res) => {
    const body = parseBody(api.joinLink.body, req.body);
    const result = await context.links.join(body.token, body.name, req.ip);
    if (!result.ok) {
      throw new HttpError(
        404,
        'link_invalid',
        'This share link has expired, been used up or been revoked.',
      );
    }
    const grant = result.identity.guest;
    if (!grant) throw new Error('a guest who joined through a link has no grant');
    res.set('Set-Cookie', context.auth.signIn(req, result.identity, result.lifetimeSeconds));
    reply(res, api.joinLink, { session: result.session, role: grant.role });
  });

  return router;
}
