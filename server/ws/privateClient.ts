// A writer's own `tmux attach` (read-write, at the browser's size): an AttachedClient whose
// coalesced output goes to the browser. Viewers share clients instead (viewers/).

import { AttachedClient } from '../tmux/attachedClient.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';

export interface PrivateClientOptions {
  tmux: TmuxServer;
  target: string;
  cols: number;
  rows: number;
  /** Receives the pty's output, coalesced. */
  deliver: (frame: Buffer) => void;
  /** The tmux client exited (the session ended, or it was detached). */
  onExit: (exitCode: number) => void;
}

export class PrivateClient {
  private readonly client: AttachedClient;

  /** Spawns the attach; throws when the pty cannot be spawned. */
  constructor(options: PrivateClientOptions) {
    const { tmux, deliver, onExit, ...attach } = options;
    this.client = new AttachedClient(tmux, { ...attach, readOnly: false });
    this.client.onData(deliver);
    this.client.onExit(({ exitCode }) => onExit(exitCode));
  }

  /** tmux's #{client_pid}, once known (at once for a local tmux). */
  get pid(): number | undefined {
    return this.client.pid;
  }

  write(bytes: Buffer): void {
    this.client.write(bytes);
  }

  resize(cols: number, rows: number): void {
    this.client.resize(cols, rows);
  }

  expectEcho(): void {
    this.client.expectEcho();
  }

  /** Sends what is gathered now (before the connection says goodbye). */
  flush(): void {
    this.client.flush();
  }

  /** Asks tmux to draw this client from scratch (after its output was discarded). */
  redraw(): Promise<void> {
    return this.client.redraw();
  }

  dispose(): void {
    this.client.dispose();
  }
}
