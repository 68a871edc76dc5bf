// Decides a person's role on a session from its access map. Pure, so every rule has a unit test.

import { strongerRole, type Role } from '../../shared/roles.js';
import type { Identity } from '../auth/identity.js';
import { GROUP_KEY_PREFIX } from '../config/principalNames.js';
import type { SessionConfig } from '../config/gatewayConfig.js';

/** Access map key that matches any signed-in user. */
export const ANY_USER = '*';

/**
 * The role `identity` holds on `session`, or undefined when it may not open it at all: the
 * strongest among the entries for its name, each of its groups (`group:<name>`) and `*`.
 */
export function roleFor(session: SessionConfig, identity: Identity): Role | undefined {
  if (identity.guest) {
    return identity.guest.session === session.name ? identity.guest.role : undefined;
  }
  if (identity.admin) return 'owner';
  const keys = [
    identity.name,
    ANY_USER,
    ...(identity.groups ?? []).map((group) => `${GROUP_KEY_PREFIX}${group}`),
  ];
  let best: Role | undefined;
  for (const key of keys) {
    const role = Object.hasOwn(session.access, key) ? session.access[key] : undefined;
    if (role) best = best ? strongerRole(best, role) : role;
  }
  return best;
}
