// Roles a person can hold on one session, and what each may do. The server enforces these; the client only reflects them.

export const ROLES = ['viewer', 'writer', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an owner can give a web client live (an owner's role is fixed by the configuration). */
export const LIVE_ROLES = ['viewer', 'writer'] as const satisfies readonly Role[];
export type LiveRole = (typeof LIVE_ROLES)[number];

/** Roles whose keyboard input reaches tmux. */
export function canWrite(role: Role): boolean {
  return role === 'writer' || role === 'owner';
}

/** Owners manage the session: share links, presence details, kicks, live role changes. */
export function canManage(role: Role): boolean {
  return role === 'owner';
}

/** The stronger of two roles (a person matched by several access entries gets the strongest). */
export function strongerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b;
}
