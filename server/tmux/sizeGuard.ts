// Keeps the window's size out of viewers' hands on one tmux session. tmux 3.3a ignores
// ignore-size clients (viewers, the recorder) only while some client without that flag is
// attached anywhere on the server; alone, their size sets the window's. While anyone holds this
// guard, control-mode clients without ignore-size stay attached, so that check always holds.
// They have no size themselves: only writers (and native clients) size the window.

import { spawnGuardClient, type GuardProcess, type GuardSpawner } from './guardClient.js';
import type { TmuxServer } from './tmuxServer.js';
import { errorMessage } from '../log.js';

/**
 * Guard clients attached at once. tmux recalculates the window's size the moment a client
 * leaves: with one guard, a native user detaching it would hand the window to a lone viewer
 * until it is attached again. With two, the other holds while the first comes back.
 */
export const GUARD_CLIENTS = 2;

/** Wait before attaching a guard that left while still needed again: no hot loop at all. */
export const GUARD_REATTACH_BACKOFF_MS = 200;

/** …doubling after each guard that could not attach, up to this (tmux gone, session ended). */
export const MAX_GUARD_REATTACH_BACKOFF_MS = 10_000;

/**
 * After the last holder lets go, the guard stays this long. A tmux client killed while still
 * attaching exits without waiting for tmux to let go of it; and a viewer moving to the group of
 * its new size releases one hold just before taking the next.
 */
export const GUARD_LINGER_MS = 1000;

export class SizeGuardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SizeGuardError';
  }
}

/**
 * The guard of one tmux session (server and target), owned by its LiveSession. Holders are the
 * viewer groups' and the recorder's tmux clients: each holds it from before it attaches until
 * after it has exited (tmux has let go of it by then), so none is ever alone in tmux.
 */
export class SizeGuard {
  private holds = 0;
  private readonly clients = new Set<GuardProcess>();
  private readonly everAttached = new WeakSet<GuardProcess>();
  private retryTimer: NodeJS.Timeout | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private backoffMs = GUARD_REATTACH_BACKOFF_MS;
  private disposed = false;

  private readonly spawnClient: GuardSpawner;
  private readonly lingerMs: number;

  constructor(
    private readonly tmux: TmuxServer,
    private readonly target: string,
    options: { spawn?: GuardSpawner; lingerMs?: number } = {},
  ) {
    this.spawnClient = options.spawn ?? spawnGuardClient;
    this.lingerMs = options.lingerMs ?? GUARD_LINGER_MS;
  }

  /** pids of the guard clients (tmux's #{client_pid}): the gateway's own, never shown as native. */
  get pids(): number[] {
    const pids: number[] = [];
    for (const client of this.clients) if (client.pid !== undefined) pids.push(client.pid);
    return pids;
  }

  /** How many hold it now (for tests). */
  get holders(): number {
    return this.holds;
  }

  /**
   * Holds the guard until the returned release is called (once; more calls do nothing). Resolves
   * when every guard client is attached; rejects, holding nothing, when they cannot be (the
   * session does not exist, tmux cannot be run): then no viewer may attach either.
   */
  async hold(): Promise<() => void> {
    if (this.disposed) throw new SizeGuardError('the size guard was disposed');
    this.holds += 1;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) this.linger();
    };
    try {
      await this.attachAll();
    } catch (error) {
      release();
      throw new SizeGuardError(`the size guard could not attach: ${errorMessage(error)}`);
    }
    return release;
  }

  /** Ends every guard client now, held or not; for the gateway's last-resort cleanup. */
  dispose(): void {
    this.disposed = true;
    this.stop();
  }

  private attachAll(): Promise<void> {
    while (this.clients.size < GUARD_CLIENTS) this.spawnOne();
    return Promise.all([...this.clients].map((client) => client.attached)).then(() => undefined);
  }

  private spawnOne(): void {
    const client = this.spawnClient(this.tmux, this.target);
    this.clients.add(client);
    client.attached.then(
      () => {
        this.everAttached.add(client);
        this.backoffMs = GUARD_REATTACH_BACKOFF_MS;
      },
      () => client.kill(),
    );
    client.onExit(() => this.onClientExit(client));
  }

  private onClientExit(client: GuardProcess): void {
    if (!this.clients.delete(client)) return; // stopped on purpose
    if (!this.everAttached.has(client)) {
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_GUARD_REATTACH_BACKOFF_MS);
    }
    // Detached by someone, or its session ended: back while anyone still holds the guard.
    if (this.holds > 0) this.scheduleReattach();
  }

  private scheduleReattach(): void {
    if (this.retryTimer || this.disposed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.holds === 0 || this.disposed) return;
      // A failure shows as a client exit, which schedules the next try.
      this.attachAll().catch(() => undefined);
    }, this.backoffMs);
    this.retryTimer.unref();
  }

  private linger(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => this.stop(), this.lingerMs);
    // A gateway that exits meanwhile closes the guards' stdin: they end with it.
    this.lingerTimer.unref();
  }

  private stop(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.retryTimer = undefined;
    this.lingerTimer = undefined;
    this.backoffMs = GUARD_REATTACH_BACKOFF_MS;
    const clients = [...this.clients];
    this.clients.clear();
    for (const client of clients) client.kill();
  }
}
