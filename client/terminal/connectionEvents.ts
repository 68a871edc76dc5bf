// What a Connection is given and what it reports: the page's side of the gateway link.

import type { PresenceClient, ServerMessage } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import type { EndReason } from '../logic/closePolicy.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'ended';

export type HelloMessage = Extract<ServerMessage, { type: 'hello' }>;

/** What a Connection reports. Each callback is optional. */
export interface ConnectionEvents {
  state?(state: ConnectionState): void;
  /** The gateway accepted this link; `reconnected` is true for every hello after the first. */
  hello?(hello: HelloMessage, reconnected: boolean): void;
  role?(role: Role): void;
  /** Who is connected (for non-owners, a capped list), and how many in all and read-only. */
  presence?(clients: readonly PresenceClient[], counts: { total: number; viewers: number }): void;
  /** Viewers following the window: the size the terminal must take, before output at that size. */
  window?(cols: number, rows: number): void;
  roundTrip?(ms: number): void;
  /** Terminal output; call `processed` once xterm.js has processed it (its write callback). */
  output?(data: Uint8Array, processed: () => void): void;
  /** The link is closed for good, and why. */
  ended?(reason: EndReason, message: string): void;
}

export interface ConnectionOptions {
  session: string;
  /** The terminal's current size, sent with every (re)connect. */
  size(): { cols: number; rows: number };
  /** Whether a viewer follows the session's window (fit-to-window) rather than its own size. */
  followsWindow(): boolean;
  events: ConnectionEvents;
}
