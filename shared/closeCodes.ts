// The one table of WebSocket close codes: for each code the exit reason it carries, whether the
// page reconnects after it, and its metric label. Sender, page and metrics all derive from it.

export const EXIT_REASONS = [
  'session-ended',
  'kicked',
  'revoked',
  'shutdown',
  'error',
  'signed-out',
  'limit',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/**
 * Application close codes (4000–4999), sent with every close so that a browser never sees the
 * anonymous 1005/1006. The page decides from the code whether reconnecting can help.
 */
export const CloseCode = {
  /** The tmux session ended (or its tmux server went away). Reconnecting cannot help. */
  SessionEnded: 4000,
  /** An owner removed this client. Reconnecting must not happen. */
  Kicked: 4001,
  /** The share link this client came through was revoked. */
  Revoked: 4002,
  /** The gateway is shutting down or restarting; reconnect with backoff. */
  Shutdown: 4003,
  /** The client sent something the protocol does not allow. */
  ProtocolError: 4400,
  /**
   * The login is no longer valid (logged out, expired, or the config no longer admits it: user
   * removed, password changed). Reconnecting cannot help; the page asks to sign in.
   */
  Unauthorized: 4401,
  /**
   * The client went over one of the gateway's limits (control messages per second). Reconnecting
   * would only do the same again; the page says so and stops.
   */
  Limit: 4429,
  /** Something failed inside the gateway (for example tmux could not be attached); retry later. */
  InternalError: 4500,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** What one application close code means. */
export interface CloseCodeMeaning {
  /** The `exit` reason sent just before a close with this code. */
  exit: ExitReason;
  /** `error` is sent with two codes: this one is the gateway's fault, not the client's. */
  serverFault: boolean;
  /** The page reconnects by itself (with backoff) after this close. */
  reconnect: boolean;
  /** The `reason` label of the closes counter. */
  metric: string;
}

export const CLOSE_CODES: Readonly<Record<CloseCode, CloseCodeMeaning>> = {
  [CloseCode.SessionEnded]: {
    exit: 'session-ended',
    serverFault: false,
    reconnect: false,
    metric: 'session-ended',
  },
  [CloseCode.Kicked]: { exit: 'kicked', serverFault: false, reconnect: false, metric: 'kicked' },
  [CloseCode.Revoked]: { exit: 'revoked', serverFault: false, reconnect: false, metric: 'revoked' },
  [CloseCode.Shutdown]: {
    exit: 'shutdown',
    serverFault: false,
    reconnect: true,
    metric: 'shutdown',
  },
  [CloseCode.ProtocolError]: {
    exit: 'error',
    serverFault: false,
    reconnect: false,
    metric: 'protocol-error',
  },
  [CloseCode.Unauthorized]: {
    exit: 'signed-out',
    serverFault: false,
    reconnect: false,
    metric: 'unauthorized',
  },
  [CloseCode.Limit]: { exit: 'limit', serverFault: false, reconnect: false, metric: 'limit' },
  [CloseCode.InternalError]: {
    exit: 'error',
    serverFault: true,
    reconnect: true,
    metric: 'internal-error',
  },
};

const CLOSE_CODE_ENTRIES = Object.entries(CLOSE_CODES).map(
  ([code, meaning]) => [Number(code) as CloseCode, meaning] as const,
);

/** The meaning of an application close code; undefined for any other number. */
export function closeCodeMeaning(code: number): CloseCodeMeaning | undefined {
  return Object.hasOwn(CLOSE_CODES, code) ? CLOSE_CODES[code as CloseCode] : undefined;
}

/** Close codes after which the page reconnects by itself. */
export const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set<number>(
  CLOSE_CODE_ENTRIES.filter(([, meaning]) => meaning.reconnect).map(([code]) => code),
);

/** The code a close after `exit reason` carries; `serverFault` only tells the two `error`s apart. */
export function closeCodeFor(reason: ExitReason, serverFault = false): CloseCode {
  const codes = CLOSE_CODE_ENTRIES.filter(([, meaning]) => meaning.exit === reason);
  const exact = codes.find(([, meaning]) => meaning.serverFault === serverFault) ?? codes[0];
  if (!exact) throw new Error(`no close code for exit reason ${reason}`);
  return exact[0];
}

/** Exit reasons that end the page whatever the close code: none of their codes reconnects. */
export function isFinalExit(reason: ExitReason): boolean {
  return CLOSE_CODE_ENTRIES.every(([, meaning]) => meaning.exit !== reason || !meaning.reconnect);
}
