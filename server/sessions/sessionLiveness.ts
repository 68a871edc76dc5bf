// Whether a session's tmux session is running (or, for `create: true`, made to run), asked of
// tmux once for a crowd: a hundred browsers opening the session at once cost one `tmux` run.

import type { SessionConfig } from '../config/gatewayConfig.js';
import { ensureSession, hasSession } from '../tmux/sessionControl.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';

/**
 * How long a "running" answer is believed. A session that ends meanwhile is noticed anyway: its
 * tmux clients exit and their browsers are told. Each check is a process spawn (~10 ms of the
 * gateway's main thread), which a join storm of thousands must not pay per browser.
 */
export const RUNNING_ANSWER_MS = 2000;

export class SessionLiveness {
  private inFlight: Promise<boolean> | undefined;
  private runningUntil = 0;

  constructor(
    private readonly tmux: TmuxServer,
    private readonly config: SessionConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when the session runs (created first if the config says so); throws when tmux cannot run. */
  async ensureRunning(): Promise<boolean> {
    if (this.now() < this.runningUntil) return true;
    this.inFlight ??= this.check().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Forget the last answer (the session was seen to end). */
  forget(): void {
    this.runningUntil = 0;
  }

  private async check(): Promise<boolean> {
    const { target, create } = this.config;
    const running = create
      ? (await ensureSession(this.tmux, target), true)
      : await hasSession(this.tmux, target);
    if (running) this.runningUntil = this.now() + RUNNING_ANSWER_MS;
    return running;
  }
}
