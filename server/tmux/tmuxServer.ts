// The one seam through which the gateway talks to a tmux server (one socket): one-shot commands,
// attached clients in a pty, and control-mode clients. Callers never spawn tmux themselves, so a
// server on another host (through ssh) is another implementation of this, not another caller.

import type { Event } from '../../shared/lifecycle.js';

/** A tmux command failed: tmux said so (`stderr`), or it could not be run (`code` 'ENOENT'). */
export class TmuxError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly code: number | string | null,
  ) {
    super(message);
    this.name = 'TmuxError';
  }
}

export interface TmuxRunOptions {
  /** The command may start a tmux server (new-session): it must inherit no descriptors. */
  startsServer?: boolean;
  /** The most bytes of output the command may print; past it, it fails with TMUX_OUTPUT_TOO_LARGE. */
  maxBytes?: number;
}

/** The `code` of the TmuxError of a command whose output went over its `maxBytes`. */
export const TMUX_OUTPUT_TOO_LARGE = 'output-too-large';

export interface TmuxAttachOptions {
  /** The tmux session's name (attached as `=target`, an exact match). */
  target: string;
  /** Viewers attach with -r: read-only and, in tmux 3.3, ignore-size (they never resize the window). */
  readOnly: boolean;
  cols: number;
  rows: number;
}

/** A tmux client as tmux itself sees it: `#{client_pid}` and `#{client_tty}`. */
export interface TmuxClientId {
  pid: number;
  tty: string;
}

export interface TmuxExit {
  exitCode: number;
  signal?: number;
}

/**
 * The raw transport of one attached tmux client. Write and resize are safe at any time: once the
 * client has gone (or is going) they do nothing.
 *
 * Identity: a local client is known at spawn (the pty's child is tmux itself, and the pty's slave
 * is its tty), so `tmuxClient` is set at once and `identified` is already resolved. A client on
 * another host is not (the local pid is ssh's): such an implementation leaves `tmuxClient`
 * undefined until it has asked tmux, then resolves `identified`. Callers that need the identity
 * await `identified`; callers that only list pids read `tmuxClient` and skip what is not known.
 */
export interface TmuxPty {
  readonly onData: Event<Buffer>;
  /** Fires once, when the client's process has exited. */
  readonly onExit: Event<TmuxExit>;
  readonly tmuxClient: TmuxClientId | undefined;
  /** Resolves with the identity once known; with undefined if the client exits first. */
  readonly identified: Promise<TmuxClientId | undefined>;
  /** False once the client has gone (or is going): nothing more is written to it. */
  readonly isOpen: boolean;
  write(bytes: Buffer): void;
  resize(cols: number, rows: number): void;
  /** Ends the client (tmux detaches it); harmless when it has already gone. */
  kill(): void;
}

/**
 * One `tmux -C` client: its output, read for as long as it runs (a control client that is not
 * read would stall tmux), and a stdin that is held open and never written while it runs.
 */
export interface TmuxControlProcess {
  /** The client's pid as tmux sees it (#{client_pid}), if it could be started. */
  readonly pid: number | undefined;
  /** Control-mode output, decoded as UTF-8, in chunks as they are read (not split into lines). */
  readonly onOutput: Event<string>;
  /** Fires once, when the client has exited (detached, session ended, killed, never started). */
  readonly onExit: Event<void>;
  readonly exited: boolean;
  /** Ends the client; tmux detaches it cleanly first. Harmless once it has exited. */
  kill(): void;
}

/** One tmux server, reached through one socket. */
export interface TmuxServer {
  /** The socket's path: for logs, and for the chmod after the gateway created the server (local). */
  readonly socket: string;
  /** Runs one command with piped output; resolves with its stdout, rejects with a TmuxError. */
  run(args: readonly string[], options?: TmuxRunOptions): Promise<string>;
  /** Attaches a client in a pty; throws when it cannot be spawned. */
  attach(options: TmuxAttachOptions): TmuxPty;
  /** Starts `tmux -C <args>` (args without the socket); a failure to start shows as its exit. */
  control(args: readonly string[]): TmuxControlProcess;
}

export function exactTarget(target: string): string {
  return `=${target}`;
}
