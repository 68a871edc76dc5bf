// Share-link calls: owners create, list and revoke a session's links; guests join through one.

import type { z } from 'zod';
import { LINK_ROLES, type LinkRole } from '../../shared/api/links.js';
import { api, apiPath } from '../../shared/httpApi.js';
import { getJson, sendJson, sendJsonFor } from './http.js';

export { LINK_ROLES, type LinkRole };

/** The new link, whose URL is shown only this once. */
export type CreatedLink = z.infer<typeof api.createLink.response>;

/** A link that still admits someone (never its token). */
export type LinkView = z.infer<typeof api.listLinks.response>[number];

/** The session the guest may now open, with the link's role. */
export type Joined = z.infer<typeof api.joinLink.response>;

export interface NewLink {
  role: LinkRole;
  ttlSeconds: number;
  /** null: no limit. */
  maxUses: number | null;
  /** Whether the link's guests may open the history view. */
  history: boolean;
}

export const createLink = (session: string, link: NewLink): Promise<CreatedLink> =>
  sendJsonFor(
    'POST',
    apiPath(api.createLink, { name: session }),
    link satisfies z.input<typeof api.createLink.body>,
    api.createLink.response,
  );

export const listLinks = (session: string): Promise<LinkView[]> =>
  getJson(apiPath(api.listLinks, { name: session }), api.listLinks.response);

export async function revokeLink(session: string, id: string): Promise<void> {
  await sendJson('DELETE', apiPath(api.revokeLink, { name: session, id }));
}

/** Redeems a share token under a display name; the gateway sets the guest's login cookie. */
export const joinLink = (token: string, name: string): Promise<Joined> =>
  sendJsonFor(
    'POST',
    api.joinLink.path,
    { token, name } satisfies z.input<typeof api.joinLink.body>,
    api.joinLink.response,
  );
