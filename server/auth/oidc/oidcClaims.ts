// Turns an OpenID provider's claims into a gateway identity: the user name from usernameClaim and
// the groups from groupsClaim, validated like names in the config file. Pure, unit tested.

import type { Identity } from '../identity.js';
import { USER_NAME_RULE, groupsToKeep, isUserName } from '../../config/principalNames.js';

/** A groups claim longer than this is not one we read (it would only ever be cut down anyway). */
export const MAX_CLAIMED_GROUPS = 1000;

export interface ClaimNames {
  usernameClaim: string;
  groupsClaim: string;
}

export type ClaimsOutcome =
  { ok: true; identity: Identity; droppedGroups: number } | { ok: false; reason: string };

function groupList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.length > MAX_CLAIMED_GROUPS) return undefined;
  return value.every((entry): entry is string => typeof entry === 'string') ? value : undefined;
}

/**
 * The identity these claims describe, or why they describe none: the user name claim must be a
 * valid user name; the groups claim, when present, a list of strings (groups no access map names
 * are dropped, see groupsToKeep). OIDC users are never gateway-wide admins.
 */
export function identityFromClaims(
  claims: Readonly<Record<string, unknown>>,
  names: ClaimNames,
  referencedGroups: ReadonlySet<string>,
): ClaimsOutcome {
  const name = Object.hasOwn(claims, names.usernameClaim) ? claims[names.usernameClaim] : undefined;
  if (typeof name !== 'string') {
    return { ok: false, reason: `the provider sent no "${names.usernameClaim}" claim` };
  }
  if (!isUserName(name)) {
    return { ok: false, reason: `the "${names.usernameClaim}" claim ${USER_NAME_RULE}` };
  }
  const claimed = groupList(
    Object.hasOwn(claims, names.groupsClaim) ? claims[names.groupsClaim] : undefined,
  );
  if (claimed === undefined) {
    return {
      ok: false,
      reason: `the "${names.groupsClaim}" claim is not a list of at most ${MAX_CLAIMED_GROUPS} strings`,
    };
  }
  const { groups, dropped } = groupsToKeep(claimed, referencedGroups);
  return {
    ok: true,
    identity: { name, kind: 'oidc', admin: false, groups },
    droppedGroups: dropped,
  };
}
