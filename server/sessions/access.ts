// Decides a person's role on a session from its access map. Pure, so every rule has a unit test.

import { strongerRole, type Role } from '../../shared/roles.js';
import type { Identity } from '../auth/identity.js';
import type { SessionConfig } from '../config.js';

/** Access map key that matches any signed-in user. */
export const ANY_USER = '*';

/** The role `identity` holds on `session`, or undefined when it may not open it at all. */
export function roleFor(session: SessionConfig, identity: Identity): Role | undefined {
  if (identity.guest) {
    return identity.guest.session === session.name ? identity.guest.role : undefined;
  }
  if (identity.admin) return 'owner';
  const own = Object.hasOwn(session.access, identity.name)
    ? session.access[identity.name]
    : undefined;
  const anyone = Object.hasOwn(session.access, ANY_USER) ? session.access[ANY_USER] : undefined;
  if (own && anyone) return strongerRole(own, anyone);
  return own ?? anyone;
}
