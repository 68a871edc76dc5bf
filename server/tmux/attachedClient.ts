// One attached tmux client, owned whole: its pty, its output (coalesced into frames), its exit
// (told once), the redraw that follows a discard, and one way to end it: dispose().

import { DisposableStore, Emitter, type Event } from '../../shared/lifecycle.js';
import { OUTPUT_COALESCE_MS, OutputBatcher } from './outputBatcher.js';
import { refreshClient } from './sessionControl.js';
import type {
  TmuxAttachOptions,
  TmuxClientId,
  TmuxExit,
  TmuxPty,
  TmuxServer,
} from './tmuxServer.js';

export interface AttachedClientOptions extends TmuxAttachOptions {
  /**
   * How long output is gathered into one frame (OutputBatcher); 0 delivers every read as it
   * comes, uncoalesced (the recorder: each read is one timed event in its file).
   */
  coalesceMs?: number;
}

export class AttachedClient {
  private readonly store = new DisposableStore();
  private readonly pty: TmuxPty;
  private readonly batcher: OutputBatcher | undefined;
  private readonly frames = this.store.add(new Emitter<Buffer>());
  private readonly exits = this.store.add(new Emitter<TmuxExit>());
  /** The client's output: coalesced frames (or every read, with coalesceMs 0). */
  readonly onData: Event<Buffer> = this.frames.event;
  /**
   * Fires once when the client exits (detached, or its session ended), after the output gathered
   * so far; never after dispose().
   */
  readonly onExit: Event<TmuxExit> = this.exits.event;
  /** Resolves once the client's process has exited, disposed or not: tmux has let go of it. */
  readonly exited: Promise<TmuxExit>;

  /** Attaches; throws when the client cannot be spawned. */
  constructor(
    private readonly tmux: TmuxServer,
    options: AttachedClientOptions,
  ) {
    const { coalesceMs = OUTPUT_COALESCE_MS, ...attach } = options;
    this.pty = tmux.attach(attach);
    const pty = this.pty;
    this.exited = new Promise((resolve) => {
      const listener = pty.onExit((exit) => {
        listener.dispose();
        resolve(exit);
      });
    });
    if (coalesceMs > 0) {
      const batcher = new OutputBatcher((frame) => this.frames.fire(frame), coalesceMs);
      this.batcher = batcher;
      this.store.add({ dispose: () => batcher.dispose() });
    }
    this.store.add(pty.onData((data) => this.received(data)));
    this.store.add(
      pty.onExit((exit) => {
        if (this.store.isDisposed) return;
        this.batcher?.flush();
        this.exits.fire(exit);
        this.exits.dispose();
      }),
    );
  }

  /** The tmux client as tmux sees it, once known (at once, for a local client). */
  get tmuxClient(): TmuxClientId | undefined {
    return this.pty.tmuxClient;
  }

  /** tmux's #{client_pid}, once known. */
  get pid(): number | undefined {
    return this.pty.tmuxClient?.pid;
  }

  get isOpen(): boolean {
    return this.pty.isOpen;
  }

  /** How long output is gathered; a viewer group lengthens it as its audience grows. */
  get coalesceMs(): number {
    return this.batcher?.delayMs ?? 0;
  }

  set coalesceMs(ms: number) {
    if (this.batcher) this.batcher.delayMs = ms;
  }

  write(bytes: Buffer): void {
    this.pty.write(bytes);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
  }

  /** Input just went to tmux: its echo is sent the moment it arrives. */
  expectEcho(): void {
    this.batcher?.inputArrived();
  }

  /** Sends what is gathered now. */
  flush(): void {
    this.batcher?.flush();
  }

  /** Asks tmux to draw this client from scratch (after its output was discarded). */
  async redraw(): Promise<void> {
    this.flush();
    const client = await this.pty.identified;
    if (client && this.isOpen && !this.store.isDisposed) await refreshClient(this.tmux, client.tty);
  }

  /** Ends the client: listeners, the batcher and the pty together. Idempotent. */
  dispose(): void {
    if (this.store.isDisposed) return;
    this.store.dispose();
    this.pty.kill();
  }

  private received(data: Buffer): void {
    if (this.batcher) this.batcher.push(data);
    else this.frames.fire(data);
  }
}
