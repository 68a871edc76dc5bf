// Who a request comes from, once authenticated.

import type { LiveRole } from '../../shared/roles.js';

export type IdentityKind = 'local' | 'guest' | 'oidc' | 'proxy';

/** What a guest who came through a share link may do: one role on one session. */
export interface GuestGrant {
  linkId: string;
  session: string;
  role: LiveRole;
}

export interface Identity {
  name: string;
  kind: IdentityKind;
  /** Gateway-wide administrator: owner of every session. */
  admin: boolean;
  /** Set for guests (kind "guest"): the only session they may open, and how. */
  guest?: GuestGrant;
  /**
   * Groups from the OpenID provider or the proxy, as of this login: only those some access map
   * names (`group:<name>`), at most MAX_LOGIN_GROUPS. Absent for local users and guests.
   */
  groups?: readonly string[];
}
