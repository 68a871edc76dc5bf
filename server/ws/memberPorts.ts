// What a browser's session membership (sessionMembership.ts) needs from the rest of the gateway,
// as interfaces: the real socket channel, tmux clients and session fit them, and so do test fakes.

import type { ExitReason, ServerMessage } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import type { Timers } from '../../shared/timers.js';
import type { LogFields, Logger } from '../log.js';
import type { ConnectionMetrics } from '../metrics/gatewayMetrics.js';
import type { GroupViewer } from '../viewers/viewerGroup.js';
import type { ViewRequest } from '../viewers/sessionViewers.js';

/** Where the membership's output and messages go (the browser's socket channel). */
export interface OutputSink {
  /** Terminal output, under the browser's flow control. */
  output(frame: Buffer): void;
  send(message: ServerMessage): void;
  /** CAN ahead of a redraw, under flow control (ends an escape sequence the discard cut). */
  cancel(): void;
}

/** A writer's own read-write `tmux attach` (ws/privateClient.ts). */
export interface WriterClient {
  readonly pid: number | undefined;
  write(bytes: Buffer): void;
  resize(cols: number, rows: number): void;
  /** Someone typed: send the next output at once rather than coalescing it. */
  expectEcho(): void;
  /** Sends what is gathered now. */
  flush(): void;
  /** Asks tmux to draw this client from scratch. */
  redraw(): Promise<void>;
  dispose(): void;
}

export interface WriterClientOptions {
  cols: number;
  rows: number;
  /** Receives the client's output, coalesced. */
  deliver: (frame: Buffer) => void;
  /** The tmux client exited (the session ended, or it was detached). */
  onExit: (exitCode: number) => void;
}

/** Spawns a writer's client; throws when it cannot be spawned. */
export type WriterClientFactory = (options: WriterClientOptions) => WriterClient;

/** A viewer group, as one of its viewers uses it (viewers/viewerGroup.ts). */
export interface MemberGroup {
  readonly pid: number | undefined;
  readonly cols: number;
  readonly rows: number;
  remove(viewer: GroupViewer): void;
  /** Sends this viewer a full screen from the group's model. */
  redraw(viewer: GroupViewer): void;
}

/** Where a viewer was put: its group, and whether that group follows the window. */
export interface MemberPlacement {
  group: MemberGroup;
  followsWindow: boolean;
}

/** The session, as one of its browsers uses it (sessions/sessionRegistry.ts LiveSession). */
export interface MemberSession {
  readonly name: string;
  readonly members: Iterable<{ expectEcho(): void }>;
  readonly viewers: {
    join(viewer: GroupViewer, request: ViewRequest): Promise<MemberPlacement>;
    expectEcho(): void;
    windowMayHaveChanged(): void;
  };
  readonly liveness: { ensureRunning(): Promise<boolean>; forget(): void };
  changed(): void;
}

export interface SessionMembershipOptions {
  session: MemberSession;
  /** This browser as its viewer group knows it (the connection, which forwards to the membership). */
  viewer: GroupViewer;
  role: Role;
  cols: number;
  rows: number;
  /** A viewer follows the session's window (fit-to-window) rather than its own size. */
  fit: boolean;
  /** Keyboard input allowed per second (LimitsConfig.inputBytesPerSecond). */
  inputBytesPerSecond: number;
  sink: OutputSink;
  attachClient: WriterClientFactory;
  /** Whether the tmux session still exists (false when that cannot be told). */
  sessionExists: () => Promise<boolean>;
  /** Ends the connection: `exit` with its reason, the matching close, and dispose. */
  end: (reason: ExitReason, message: string, serverFault?: boolean) => void;
  /** An unexpected error in background work: ends the connection as a server fault. */
  failed: (error: unknown) => void;
  /** A writer's input as it goes to tmux (session recording). */
  onInput?: ((bytes: Buffer) => void) | undefined;
  log: Logger;
  /** Who and what to name in every log line (connectionFields.ts). */
  logFields: () => LogFields;
  metrics?: Pick<ConnectionMetrics, 'ptySpawnFailed' | 'redraw'> | undefined;
  /** Resize coalescing runs on these (tests pass ManualTimers). */
  timers?: Timers | undefined;
  /** The input rate's clock and the idle time's. */
  now?: (() => number) | undefined;
}
