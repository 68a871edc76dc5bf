// Batches acknowledgements of processed terminal output into `ack {bytes}` messages (pure, no DOM).

import type { Timers } from '../../shared/timers.js';
import { ACK_CHUNK_BYTES } from '../../shared/flowControl.js';
import { realTimers } from './realTimers.js';

/**
 * How long a partial chunk may wait before it is acknowledged anyway. Short, so that the tail of a
 * burst is acked promptly and the server's unacked count drops back to zero once output stops.
 */
export const ACK_FLUSH_DELAY_MS = 100;

/**
 * Counts bytes xterm.js has processed (from its write callbacks) and reports them through `send`:
 * at once when at least `chunkBytes` have accumulated, otherwise at most `flushDelayMs` later.
 * Invariant: every processed byte is reported exactly once, unless the buffer is disposed first.
 */
export class AckBuffer {
  private pending = 0;
  private timer: unknown = undefined;
  private disposed = false;

  constructor(
    private readonly send: (bytes: number) => void,
    private readonly timers: Timers = realTimers,
    private readonly chunkBytes: number = ACK_CHUNK_BYTES,
    private readonly flushDelayMs: number = ACK_FLUSH_DELAY_MS,
  ) {}

  /** Bytes not yet reported. */
  get unreported(): number {
    return this.pending;
  }

  /** xterm.js finished processing `bytes` more bytes of output. */
  processed(bytes: number): void {
    if (this.disposed || bytes <= 0) return;
    this.pending += bytes;
    if (this.pending >= this.chunkBytes) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.flushDelayMs);
    }
  }

  /** Reports whatever is pending now. */
  flush(): void {
    this.cancelTimer();
    if (this.disposed || this.pending === 0) return;
    const bytes = this.pending;
    this.pending = 0;
    this.send(bytes);
  }

  /** Stops reporting for good (the connection these bytes belong to is gone). */
  dispose(): void {
    this.cancelTimer();
    this.disposed = true;
    this.pending = 0;
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
