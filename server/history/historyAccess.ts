// Whether someone who may open a session may also read its history: the session's switch, and
// for a guest the share link they came through.

import type { Identity } from '../auth/identity.js';

export function historyAllowed(
  session: { readonly history?: boolean | undefined },
  identity: Identity,
  linkAllowsHistory: (linkId: string) => boolean,
): boolean {
  if (session.history === false) return false;
  return identity.guest === undefined || linkAllowsHistory(identity.guest.linkId);
}
