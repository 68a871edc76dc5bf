// A writer's own `tmux attach` (read-write, at the browser's size): its pty, the coalescing of
// its output, and the redraw that follows a discard. Viewers share clients instead (viewers/).

import type { IDisposable } from 'node-pty';
import { spawnAttach, type AttachPty } from '../tmux/attach.js';
import { findClientTty, refreshClient } from '../tmux/sessionControl.js';
import { OutputBatcher } from '../tmux/outputBatcher.js';

export interface PrivateClientOptions {
  socket: string;
  target: string;
  cols: number;
  rows: number;
  /** Receives the pty's output, coalesced. */
  deliver: (frame: Buffer) => void;
  /** The tmux client exited (the session ended, or it was detached). */
  onExit: (exitCode: number) => void;
}

export class PrivateClient {
  private readonly pty: AttachPty;
  private readonly batcher: OutputBatcher;
  private readonly listeners: IDisposable[] = [];
  private tty: string | undefined;
  private disposed = false;

  /** Spawns the attach; throws when the pty cannot be spawned. */
  constructor(private readonly options: PrivateClientOptions) {
    this.pty = spawnAttach({ ...options, readOnly: false });
    this.batcher = new OutputBatcher(options.deliver);
    this.listeners.push(this.pty.onData((data) => this.batcher.push(data)));
    this.listeners.push(
      this.pty.onExit(({ exitCode }) => {
        if (this.disposed) return;
        this.batcher.flush();
        options.onExit(exitCode);
      }),
    );
  }

  get pid(): number {
    return this.pty.pid;
  }

  write(bytes: Buffer): void {
    this.pty.write(bytes);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
  }

  expectEcho(): void {
    this.batcher.inputArrived();
  }

  /** Sends what is gathered now (before the connection says goodbye). */
  flush(): void {
    this.batcher.flush();
  }

  /** Asks tmux to draw this client from scratch (after its output was discarded). */
  async redraw(): Promise<void> {
    this.batcher.flush();
    this.tty ??= await findClientTty(this.options.socket, this.pty.pid);
    if (this.tty && !this.disposed) await refreshClient(this.options.socket, this.tty);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.batcher.dispose();
    for (const listener of this.listeners) listener.dispose();
    this.listeners.length = 0;
    this.pty.kill();
  }
}
