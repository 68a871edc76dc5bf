// Runs one task after a stream of requests for it settles (a browser's resizes): the task reads
// the latest state itself, so however many requests came, it runs once, and never twice at once.

import type { Timers } from '../../shared/timers.js';
import { realTimers } from '../realTimers.js';

/** How long a request waits before the task runs. */
export interface CoalesceDelay {
  /** Run once no further request has come for this long … */
  quietMs: number;
  /** … or once the first request not yet served has waited this long, however many follow. */
  maxWaitMs: number;
}

/**
 * Invariant: every request is followed by a run that starts after it (a request made while the
 * task runs gets a run of its own once that one has finished), and runs never overlap.
 */
export class CoalescedTask {
  private quietTimer: unknown = undefined;
  private maxWaitTimer: unknown = undefined;
  private running = false;
  /** The timers fired while the task was running: run again when it finishes. */
  private due = false;
  private disposed = false;

  constructor(
    private readonly task: () => Promise<void> | void,
    /** Called with whatever the task throws (the task is run in the background). */
    private readonly onError: (error: unknown) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Asks for a run after `delay`; pending requests are served by the same run. */
  request(delay: CoalesceDelay): void {
    if (this.disposed) return;
    if (this.quietTimer !== undefined) this.timers.clearTimeout(this.quietTimer);
    this.quietTimer = this.timers.setTimeout(() => this.fire(), delay.quietMs);
    this.maxWaitTimer ??= this.timers.setTimeout(() => this.fire(), delay.maxWaitMs);
  }

  /** Cancels what is pending; a run already started finishes, and none follows it. */
  dispose(): void {
    this.disposed = true;
    this.clearTimers();
    this.due = false;
  }

  private fire(): void {
    this.clearTimers();
    if (this.disposed) return;
    if (this.running) this.due = true;
    else void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      await this.task();
    } catch (error) {
      this.onError(error);
    } finally {
      this.running = false;
    }
    if (this.due && !this.disposed) {
      this.due = false;
      void this.run();
    }
  }

  private clearTimers(): void {
    if (this.quietTimer !== undefined) this.timers.clearTimeout(this.quietTimer);
    if (this.maxWaitTimer !== undefined) this.timers.clearTimeout(this.maxWaitTimer);
    this.quietTimer = undefined;
    this.maxWaitTimer = undefined;
  }
}
