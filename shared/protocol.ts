// The wire protocol (version 1) between a browser and the gateway: the single source of truth for both sides.
//
// One WebSocket per terminal. Binary frames carry terminal bytes (client→server: keyboard input,
// server→client: terminal output). Text frames carry exactly one JSON control message each.
// Every message is validated here, at the edge, before anything acts on it.

import { z } from 'zod';
import { EXIT_REASONS } from './closeCodes.js';
import { ROLES } from './roles.js';

export const PROTOCOL_VERSION = 1;

/**
 * A browser's control messages are tiny; anything longer is refused before JSON.parse sees it.
 * The server's can be long: an owner's `presence` lists every client of a big audience.
 */
export const MAX_CONTROL_MESSAGE_CHARS = 4096;

/** Terminal sizes outside these bounds are clamped (a 1e9-column request must not reach tmux). */
export const MIN_COLS = 2;
export const MIN_ROWS = 1;
export const MAX_COLS = 1000;
export const MAX_ROWS = 500;

/** Clients listed in a non-owner's `presence`: enough for a panel, small for a big audience. */
export const PUBLIC_PRESENCE_LIMIT = 50;

export {
  CLOSE_CODES,
  CloseCode,
  closeCodeFor,
  EXIT_REASONS,
  RETRYABLE_CLOSE_CODES,
  type ExitReason,
} from './closeCodes.js';

const roleSchema = z.enum(ROLES);
const sizeSchema = z.number().int().finite();

// ---------------------------------------------------------------------------------------------
// client → server

const clientMessageSchema = z.discriminatedUnion('type', [
  /**
   * The browser's terminal changed size. Values are clamped to MIN/MAX bounds by the server.
   * A writer's size may resize the session's window; a viewer's never does: it chooses to see
   * the window at its own size (and stops following the window, see `fit`).
   */
  z.strictObject({ type: z.literal('resize'), cols: sizeSchema, rows: sizeSchema }),
  /**
   * Viewer: follow the session's window (fit-to-window, the default when the WebSocket URL
   * has `fit=1`). The server answers with `window`, and again whenever the window's size changes.
   */
  z.strictObject({ type: z.literal('fit') }),
  /** `bytes` of terminal output have been processed by xterm.js (its write callback ran). */
  z.strictObject({
    type: z.literal('ack'),
    bytes: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31),
  }),
  /** Round-trip probe; the server echoes `t` back in a `pong`. */
  z.strictObject({ type: z.literal('ping'), t: z.number().finite() }),
  /** A viewer asks the session's owners for write access. */
  z.strictObject({ type: z.literal('request-write') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---------------------------------------------------------------------------------------------
// server → client

/**
 * One client of a session. Web clients are browsers on this gateway; native clients are other
 * `tmux attach`es on the same tmux session. Owners get every field; everyone else gets
 * `id`, `kind`, `user` and `role` only.
 */
export const presenceClientSchema = z.strictObject({
  /** Web: the connection's clientId. Native: `native-<pid of the tmux client>`. */
  id: z.string(),
  kind: z.enum(['web', 'native']),
  /** Web: the signed-in name (or a guest's display name). Native: the Unix user. */
  user: z.string(),
  /** Native clients are `viewer` when read-only, else `writer`. */
  role: roleSchema,
  /** Guests came through a share link. */
  guest: z.boolean().optional(),
  /** ISO time the client connected. */
  since: z.string().optional(),
  cols: z.number().int().optional(),
  rows: z.number().int().optional(),
  /** Seconds since the client last typed (web) or was active (native). */
  idleSeconds: z.number().int().min(0).optional(),
  /** Web: its output is being discarded because it fell behind (frozen tab, slow link). */
  behind: z.boolean().optional(),
  /** Web viewer who asked for write access and has not been answered. */
  wantsWrite: z.boolean().optional(),
  /** Native: the client's tty. */
  tty: z.string().optional(),
});
export type PresenceClient = z.infer<typeof presenceClientSchema>;

const serverMessageSchema = z.discriminatedUnion('type', [
  /** Always the first message on a new connection. */
  z.strictObject({
    type: z.literal('hello'),
    protocol: z.literal(PROTOCOL_VERSION),
    session: z.string(),
    clientId: z.string(),
    user: z.string(),
    role: roleSchema,
    /** This client may open the history view (docs/history.md): the session and its link allow it. */
    history: z.boolean(),
  }),
  /** This client's role changed live (promote/demote); input is gated accordingly from now on. */
  z.strictObject({ type: z.literal('role'), role: roleSchema }),
  /**
   * Who else is connected to the session. Owners get every client; everyone else gets at most
   * PUBLIC_PRESENCE_LIMIT of them (writers first), so a presentation to thousands does not send
   * each viewer the list of all the others. The counts are always of everyone.
   */
  z.strictObject({
    type: z.literal('presence'),
    clients: z.array(presenceClientSchema),
    /** How many clients there are in all, listed or not. */
    total: z.number().int().min(0),
    /** How many of them are read-only (web viewers and read-only native clients). */
    viewers: z.number().int().min(0),
  }),
  /**
   * Viewers following the window (`fit`): the size their terminal must have, the session's window
   * and status bar. Sent before any output drawn at that size; the page scales its font to fit.
   */
  z.strictObject({ type: z.literal('window'), cols: z.number().int(), rows: z.number().int() }),
  /** Answer to `ping`, echoing its `t`. */
  z.strictObject({ type: z.literal('pong'), t: z.number() }),
  /** The connection is about to close, and why. Always followed by a close with a CloseCode. */
  z.strictObject({ type: z.literal('exit'), reason: z.enum(EXIT_REASONS), message: z.string() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

// ---------------------------------------------------------------------------------------------
// decoding and encoding

export type Decoded<T> = { ok: true; message: T } | { ok: false; error: string };

function decodeWith<T>(schema: z.ZodType<T>, text: string, maxChars: number): Decoded<T> {
  if (text.length > maxChars) {
    return { ok: false, error: `control message longer than ${maxChars} characters` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'control message is not valid JSON' };
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    });
    return { ok: false, error: `invalid control message: ${problems.join('; ')}` };
  }
  return { ok: true, message: result.data };
}

export function decodeClientMessage(text: string): Decoded<ClientMessage> {
  return decodeWith(clientMessageSchema, text, MAX_CONTROL_MESSAGE_CHARS);
}

export function decodeServerMessage(text: string): Decoded<ServerMessage> {
  return decodeWith(serverMessageSchema, text, Number.POSITIVE_INFINITY);
}

export function encodeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}

export function clampSize(cols: number, rows: number): { cols: number; rows: number } {
  return {
    cols: Math.min(MAX_COLS, Math.max(MIN_COLS, Math.trunc(cols))),
    rows: Math.min(MAX_ROWS, Math.max(MIN_ROWS, Math.trunc(rows))),
  };
}
