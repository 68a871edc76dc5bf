// Reads the identity a trusted reverse proxy puts in its headers. Pure: which peer is trusted is
// decided by the caller (proxyLogin.ts); this only validates what the headers say.

import type { IncomingHttpHeaders } from 'node:http';
import type { ProxyAuthConfig } from '../config/gatewayConfig.js';
import type { Identity } from './identity.js';
import { groupsToKeep, isUserName } from '../config/principalNames.js';

/**
 * Longest groups header accepted: a few hundred group names. Node already caps all headers at
 * 16 KB; a header past this is a misconfigured proxy, refused rather than half-read.
 */
export const MAX_GROUPS_HEADER_CHARS = 8 * 1024;

/** Control characters, C0, DEL and C1 (a tab is legal in an HTTP header value, never in a name). */
const CONTROL_CHARACTERS = /\p{Cc}/u;

export type ProxyReading =
  | { kind: 'absent' }
  | { kind: 'identity'; identity: Identity }
  | { kind: 'invalid'; reason: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The identity in `headers` (from a peer already known to be a trusted proxy): absent when the
 * user header is missing, invalid when it is not a valid user name or the groups header is
 * oversized or holds control characters. Groups that no access map names are dropped.
 */
export function readProxyIdentity(
  headers: IncomingHttpHeaders,
  config: Pick<ProxyAuthConfig, 'userHeader' | 'groupsHeader'>,
  referencedGroups: ReadonlySet<string>,
): ProxyReading {
  // Node joins repeated headers with ", ", which no user name contains: a repeat is refused.
  const name = single(headers[config.userHeader.toLowerCase()]);
  if (name === undefined) return { kind: 'absent' };
  if (!isUserName(name)) return { kind: 'invalid', reason: 'user header is not a valid user name' };
  const identity: Identity = { name, kind: 'proxy', admin: false };
  if (config.groupsHeader === undefined) return { kind: 'identity', identity };
  const groupsText = single(headers[config.groupsHeader.toLowerCase()]) ?? '';
  if (groupsText.length > MAX_GROUPS_HEADER_CHARS) {
    return { kind: 'invalid', reason: 'groups header is too long' };
  }
  if (CONTROL_CHARACTERS.test(groupsText)) {
    return { kind: 'invalid', reason: 'groups header holds control characters' };
  }
  const claimed = groupsText.split(',').map((group) => group.trim());
  const { groups } = groupsToKeep(claimed, referencedGroups);
  return { kind: 'identity', identity: { ...identity, groups } };
}
