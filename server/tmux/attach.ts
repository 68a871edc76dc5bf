// Spawns `tmux attach-session` inside a pty (node-pty) and owns that pty: raw bytes out, and a
// write, resize and kill that are safe to call at any time, even after the client has gone.

import { spawn, type IEvent, type IPty } from 'node-pty';
import { minimalEnvironment } from './environment.js';
import { tmuxBinary } from './tmuxCommand.js';
import { exactTarget } from './sessionControl.js';
import { trackChild, untrackChild } from './childProcesses.js';

export interface AttachOptions {
  socket: string;
  target: string;
  /** Viewers attach with -r: read-only and, in tmux 3.3, ignore-size (they never resize the window). */
  readOnly: boolean;
  cols: number;
  rows: number;
}

export function attachArguments(options: AttachOptions): string[] {
  return [
    '-u',
    '-S',
    options.socket,
    'attach-session',
    ...(options.readOnly ? ['-r'] : []),
    '-t',
    exactTarget(options.target),
  ];
}

/**
 * node-pty's own view of its pty: the stream over the master's file descriptor. It is destroyed,
 * and the descriptor closed, synchronously, as soon as the client's side hangs up — before any
 * event says so. node-pty's typings leave it out.
 */
interface PtyInternals {
  _socket?: { destroyed: boolean };
}

/**
 * One `tmux attach` in a pty. node-pty resizes and writes to the file descriptor number it had
 * even after it has closed it (ENOTTY or EBADF, thrown), and by then that number may belong to
 * another pty or socket: once the client has gone, write and resize do nothing.
 */
export class AttachPty {
  private readonly pty: IPty;
  private killed = false;
  private exited = false;

  /** Spawns the attach; throws when the pty cannot be spawned. */
  constructor(options: AttachOptions) {
    this.pty = spawn(tmuxBinary(), attachArguments(options), {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      env: minimalEnvironment(),
      // Raw bytes in and out: the browser decodes UTF-8 itself, split sequences included.
      encoding: null,
    });
    const pid = this.pty.pid;
    trackChild(pid);
    // Kept for the pty's whole life: a pid is forgotten only once it can no longer be reused.
    this.pty.onExit(() => {
      this.exited = true;
      untrackChild(pid);
    });
  }

  /** pid of the `tmux attach` process (tmux's #{client_pid}). */
  get pid(): number {
    return this.pty.pid;
  }

  /** False once the client has gone (or is going): nothing more is written to it. */
  get isOpen(): boolean {
    const stream = (this.pty as unknown as PtyInternals)._socket;
    return !this.killed && !this.exited && stream?.destroyed === false;
  }

  /** The client's output. With `encoding: null`, node-pty delivers Buffers (its typings say string). */
  get onData(): IEvent<Buffer> {
    return this.pty.onData as unknown as IEvent<Buffer>;
  }

  get onExit(): IEvent<{ exitCode: number; signal?: number }> {
    return this.pty.onExit;
  }

  write(bytes: Buffer): void {
    if (this.isOpen) this.pty.write(bytes);
  }

  resize(cols: number, rows: number): void {
    if (this.isOpen) this.pty.resize(cols, rows);
  }

  /** Ends the client (tmux detaches it); harmless when it has already gone. */
  kill(): void {
    this.killed = true;
    if (this.exited) return;
    try {
      this.pty.kill();
    } catch {
      // Exited in the meantime.
    }
  }
}

export function spawnAttach(options: AttachOptions): AttachPty {
  return new AttachPty(options);
}
