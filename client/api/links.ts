// Share-link calls: owners create, list and revoke a session's links; guests join through one.

import { z } from 'zod';
import { ROLES } from '../../shared/roles.js';
import { getJson, sendJson, sendJsonFor } from './http.js';

/** Roles a share link can give (never owner). */
export const LINK_ROLES = ['viewer', 'writer'] as const;
export type LinkRole = (typeof LINK_ROLES)[number];

/** `POST /api/sessions/:name/links`: the new link, whose URL is shown only this once. */
const createdLinkSchema = z.object({ id: z.string(), url: z.string(), expiresAt: z.string() });
export type CreatedLink = z.infer<typeof createdLinkSchema>;

/** `GET /api/sessions/:name/links`: the links that still admit someone (never their tokens). */
const linkViewSchema = z.object({
  id: z.string(),
  session: z.string(),
  role: z.enum(LINK_ROLES),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  maxUses: z.number().int().nullable(),
  uses: z.number().int().min(0),
  usesLeft: z.number().int().min(0).nullable(),
});
export type LinkView = z.infer<typeof linkViewSchema>;

/** `POST /api/join`: the session the guest may now open, with the link's role. */
const joinedSchema = z.object({ session: z.string(), role: z.enum(ROLES) });
export type Joined = z.infer<typeof joinedSchema>;

export interface NewLink {
  role: LinkRole;
  ttlSeconds: number;
  /** null: no limit. */
  maxUses: number | null;
}

const linksPath = (session: string): string => `/api/sessions/${encodeURIComponent(session)}/links`;

export const createLink = (session: string, link: NewLink): Promise<CreatedLink> =>
  sendJsonFor('POST', linksPath(session), link, createdLinkSchema);

export const listLinks = (session: string): Promise<LinkView[]> =>
  getJson(linksPath(session), z.array(linkViewSchema));

export async function revokeLink(session: string, id: string): Promise<void> {
  await sendJson('DELETE', `${linksPath(session)}/${encodeURIComponent(id)}`);
}

/** Redeems a share token under a display name; the gateway sets the guest's login cookie. */
export const joinLink = (token: string, name: string): Promise<Joined> =>
  sendJsonFor('POST', '/api/join', { token, name }, joinedSchema);
