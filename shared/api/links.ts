// Share-link endpoints: owners create, list and revoke a session's links; guests join through one.

import { z } from 'zod';
import { checkDisplayName } from '../displayName.js';
import { LIVE_ROLES, ROLES } from '../roles.js';
import { apiRoute } from './route.js';

/** Shortest and longest lifetime of a link: a minute to thirty days. */
export const MIN_LINK_TTL_SECONDS = 60;
export const MAX_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;
/** More uses than this is no limit at all; such a link should have none. */
export const MAX_LINK_USES = 100_000;
/** Tokens are 32 random bytes in base64url; anything far longer is not one. */
const MAX_TOKEN_CHARS = 256;

/** Roles a share link can give (never owner). */
export const LINK_ROLES = LIVE_ROLES;
export type LinkRole = (typeof LINK_ROLES)[number];

/** A new link, as an owner asks for it (also what the control socket's `share` sends). */
export const newLinkSchema = z.strictObject({
  role: z.enum(LINK_ROLES),
  ttlSeconds: z.number().int().min(MIN_LINK_TTL_SECONDS).max(MAX_LINK_TTL_SECONDS),
  maxUses: z.number().int().min(1).max(MAX_LINK_USES).nullable().optional(),
  /** Whether its guests may read the session's history (docs/history.md); true unless false. */
  history: z.boolean().optional(),
});

/** `POST /api/sessions/:name/links`: the new link, whose URL is shown only this once. */
export const createLink = apiRoute({
  method: 'POST',
  path: '/api/sessions/:name/links',
  status: 201,
  body: newLinkSchema,
  response: z.strictObject({ id: z.string(), url: z.string(), expiresAt: z.string() }),
});

/** One link that still admits someone, as its owners see it (never its token). */
export const linkViewSchema = z.strictObject({
  id: z.string(),
  session: z.string(),
  role: z.enum(LINK_ROLES),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  maxUses: z.number().int().nullable(),
  uses: z.number().int().min(0),
  usesLeft: z.number().int().min(0).nullable(),
  /** Its guests may read the session's history. */
  history: z.boolean(),
});

/** `GET /api/sessions/:name/links`: the session's links that still admit someone. */
export const listLinks = apiRoute({
  method: 'GET',
  path: '/api/sessions/:name/links',
  status: 200,
  body: undefined,
  response: z.array(linkViewSchema),
});

/** `DELETE /api/sessions/:name/links/:id`: revokes it, and disconnects the guests it admitted. */
export const revokeLink = apiRoute({
  method: 'DELETE',
  path: '/api/sessions/:name/links/:id',
  status: 204,
  body: undefined,
  response: undefined,
});

/** `POST /api/join`: redeems a token under a display name; sets the guest's login cookie. */
export const joinLink = apiRoute({
  method: 'POST',
  path: '/api/join',
  status: 200,
  body: z.strictObject({
    token: z.string().max(MAX_TOKEN_CHARS),
    // Display names: NFC, nothing invisible, short (shared/displayName.ts).
    name: z.string().transform((name, context) => {
      const checked = checkDisplayName(name);
      if (checked.ok) return checked.name;
      context.addIssue({ code: 'custom', message: checked.problem });
      return z.NEVER;
    }),
  }),
  response: z.strictObject({ session: z.string(), role: z.enum(ROLES) }),
});
