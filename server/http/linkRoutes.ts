// Share links over HTTP: owners create, list and revoke them; guests land on /join/:token, give
// a display name, and get a cookie for that one session with the link's role.

import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { checkDisplayName } from '../../shared/displayName.js';
import type { Authenticator } from '../auth/authenticator.js';
import { LINK_ROLES } from '../links/shareLinks.js';
import type { LinkService } from '../links/linkService.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import { HttpError } from './errors.js';
import { ownedSession } from './ownedSession.js';
import { validationMessage } from '../validation.js';

/** Shortest and longest lifetime of a link: a minute to thirty days. */
export const MIN_LINK_TTL_SECONDS = 60;
export const MAX_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;
export const MAX_LINK_USES = 100_000;

export const newLinkSchema = z.strictObject({
  role: z.enum(LINK_ROLES),
  ttlSeconds: z.number().int().min(MIN_LINK_TTL_SECONDS).max(MAX_LINK_TTL_SECONDS),
  maxUses: z.number().int().min(1).max(MAX_LINK_USES).nullable().optional(),
});

const joinSchema = z.strictObject({
  token: z.string().max(256),
  // Display names: NFC, nothing invisible, short (shared/displayName.ts).
  name: z.string().transform((name, context) => {
    const checked = checkDisplayName(name);
    if (checked.ok) return checked.name;
    context.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  }),
});

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

  router.post('/sessions/:name/links', async (req, res) => {
    const { identity, session } = ownedSession(req, context.sessions, context.auth);
    const body = newLinkSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'invalid_body', validationMessage(body.error));
    const created = await context.links.create(
      session.name,
      {
        role: body.data.role,
        ttlSeconds: body.data.ttlSeconds,
        maxUses: body.data.maxUses ?? null,
      },
      identity.name,
    );
    res.status(201).json({
      id: created.id,
      url: `${baseUrl(req, context.publicUrl)}/join/${created.token}`,
      expiresAt: created.expiresAt,
    });
  });

  router.get('/sessions/:name/links', (req, res) => {
    const { session } = ownedSession(req, context.sessions, context.auth);
    res.json(context.links.list(session.name));
  });

  router.delete('/sessions/:name/links/:id', async (req, res) => {
    const { identity, session } = ownedSession(req, context.sessions, context.auth);
    const link = context.links.get(String(req.params.id));
    if (!link || link.session !== session.name)
      throw new HttpError(404, 'unknown_link', 'No such link.');
    await context.links.revoke(link.id, identity.name);
    res.status(204).end();
  });

  router.post('/join', async (req, res) => {
    const body = joinSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'invalid_body', validationMessage(body.error));
    const result = await context.links.join(body.data.token, body.data.name, req.ip);
    if (!result.ok) {
      throw new HttpError(
        404,
        'link_invalid',
        'This share link has expired, been used up or been revoked.',
      );
    }
    res
      .set('Set-Cookie', context.auth.signIn(req, result.identity, result.lifetimeSeconds))
      .json({ session: result.session, role: result.identity.guest?.role });
  });

  return router;
}
