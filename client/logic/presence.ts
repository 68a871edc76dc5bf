// What the presence panel says and offers about each client of a `presence` message (pure, no DOM).

import type { PresenceClient } from '../../shared/protocol.js';
import { canManage, type Role } from '../../shared/roles.js';

/** What an owner can do to a client from the panel; each is one call of the owner API. */
export const CLIENT_ACTIONS = ['approve', 'deny', 'promote', 'demote', 'kick'] as const;
export type ClientAction = (typeof CLIENT_ACTIONS)[number];

/** The page's own connection: its clientId (from hello) and current role. */
export interface Self {
  clientId: string | undefined;
  role: Role | undefined;
}

const SECONDS_PER_MINUTE = 60;
const SECONDS_PER_HOUR = 60 * SECONDS_PER_MINUTE;
const SECONDS_PER_DAY = 24 * SECONDS_PER_HOUR;

/** Below this many seconds without input a client counts as active, not idle. */
export const ACTIVE_SECONDS = 60;

/** "browser" for a web client of this gateway, "tmux" for a native `tmux attach`. */
export function kindLabel(kind: PresenceClient['kind']): string {
  return kind === 'web' ? 'browser' : 'tmux';
}

/** "120×40", or undefined when the size is not known (non-owners are not told). */
export function sizeText(client: PresenceClient): string | undefined {
  if (client.cols === undefined || client.rows === undefined) return undefined;
  return `${String(client.cols)}×${String(client.rows)}`;
}

/** "active", "idle 3 min", "idle 2 h", "idle 4 d" (rounded down); undefined when not known. */
export function idleText(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  if (seconds < ACTIVE_SECONDS) return 'active';
  if (seconds < SECONDS_PER_HOUR)
    return `idle ${String(Math.floor(seconds / SECONDS_PER_MINUTE))} min`;
  if (seconds < SECONDS_PER_DAY) return `idle ${String(Math.floor(seconds / SECONDS_PER_HOUR))} h`;
  return `idle ${String(Math.floor(seconds / SECONDS_PER_DAY))} d`;
}

/**
 * The actions the panel offers on `client` to `self`: nothing unless self is an owner; answering a
 * write request and promote/demote only for web viewers and writers (owners' roles are fixed);
 * removing any client but self's own connection. The server checks all of it again.
 */
export function clientActions(client: PresenceClient, self: Self): ClientAction[] {
  if (self.role === undefined || !canManage(self.role)) return [];
  const actions: ClientAction[] = [];
  if (client.kind === 'web') {
    if (client.role === 'viewer' && client.wantsWrite === true) actions.push('approve', 'deny');
    if (client.role === 'viewer') actions.push('promote');
    if (client.role === 'writer') actions.push('demote');
  }
  if (client.id !== self.clientId) actions.push('kick');
  return actions;
}
