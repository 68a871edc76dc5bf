// Which user and group names the gateway accepts, whether they come from the config file, an
// OpenID provider or a trusted proxy. Names end up in access maps, cookies, logs and the audit
// trail, so only a small, printable alphabet is accepted.

export const USER_NAME_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
export const USER_NAME_RULE = 'must be 1-64 characters of A-Z, a-z, 0-9, "_", ".", "@" or "-"';

/**
 * Group names as identity providers spell them: plain names, Keycloak paths (`/org/sre`), Dex's
 * GitHub teams (`org:team`), e-mail-like names. 64 characters keeps a full set of groups within
 * the login cookie (see MAX_LOGIN_GROUPS).
 */
export const GROUP_NAME_PATTERN = /^[A-Za-z0-9_.@:/-]{1,64}$/;
export const GROUP_NAME_RULE =
  'must be 1-64 characters of A-Z, a-z, 0-9, "_", ".", "@", ":", "/" or "-"';

/** An access-map key naming a group: `group:<name>`. */
export const GROUP_KEY_PREFIX = 'group:';

/**
 * At most this many groups travel with a login (in its cookie): 32 names of 64 characters keep
 * the cookie under the 4 KB browsers store. Only groups named in some access map are kept.
 */
export const MAX_LOGIN_GROUPS = 32;

/** The one name a JavaScript object cannot hold as a key: never a person's name. */
const RESERVED_NAME = '__proto__';

/** A valid name for a person signing in from outside the config (OIDC, proxy). */
export function isUserName(name: string): boolean {
  return USER_NAME_PATTERN.test(name) && name !== RESERVED_NAME;
}

export function isGroupName(name: string): boolean {
  return GROUP_NAME_PATTERN.test(name);
}

/** The group an access-map key names, or undefined when it is not a `group:` key. */
export function groupOfKey(key: string): string | undefined {
  return key.startsWith(GROUP_KEY_PREFIX) ? key.slice(GROUP_KEY_PREFIX.length) : undefined;
}

/** Every group named by a `group:` key in these access maps. */
export function referencedGroups(
  accessMaps: Iterable<Readonly<Record<string, unknown>>>,
): Set<string> {
  const groups = new Set<string>();
  for (const access of accessMaps) {
    for (const key of Object.keys(access)) {
      const group = groupOfKey(key);
      if (group !== undefined && isGroupName(group)) groups.add(group);
    }
  }
  return groups;
}

/**
 * The groups of a login worth keeping: valid names that some access map refers to, without
 * duplicates, sorted, at most MAX_LOGIN_GROUPS. Others cannot change any role, so dropping them
 * keeps cookies small and logs short. `dropped` counts the valid, referenced groups cut by the cap.
 */
export function groupsToKeep(
  claimed: readonly string[],
  referenced: ReadonlySet<string>,
): { groups: string[]; dropped: number } {
  const relevant = [...new Set(claimed)]
    .filter((group) => isGroupName(group) && referenced.has(group))
    .sort();
  return {
    groups: relevant.slice(0, MAX_LOGIN_GROUPS),
    dropped: Math.max(0, relevant.length - MAX_LOGIN_GROUPS),
  };
}
