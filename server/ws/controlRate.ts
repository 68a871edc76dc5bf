// A token bucket for one browser's control messages: a page sends a few a second, and a flood of
// them (each resize once spawned a tmux client) must not cost the gateway or tmux for everyone.

import { ACK_CHUNK_BYTES } from '../../shared/flowControl.js';

/** A burst may be this many seconds' worth of the rate (a reconnect, a long window drag). */
export const CONTROL_BURST_SECONDS = 4;

export class ControlRate {
  private tokens: number;
  private last: number;

  constructor(
    private readonly messagesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = messagesPerSecond * CONTROL_BURST_SECONDS;
    this.last = now();
  }

  /** Takes one message from the bucket; false when the browser is over its rate. */
  take(): boolean {
    const now = this.now();
    const capacity = this.messagesPerSecond * CONTROL_BURST_SECONDS;
    this.tokens = Math.min(
      capacity,
      this.tokens + ((now - this.last) / 1000) * this.messagesPerSecond,
    );
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * An ack of at least one whole chunk of output that was really sent and not yet acknowledged
 * costs nothing: such acks come only as fast as the gateway sends output (one per
 * ACK_CHUNK_BYTES), which its own flow control bounds, and a page streaming a large `cat` sends
 * hundreds a second. Other acks (the page's flush timer: at most ten a second) cost a token.
 */
export function isChunkAck(ackedBytes: number, unackedBytes: number): boolean {
  return Math.min(ackedBytes, unackedBytes) >= ACK_CHUNK_BYTES;
}
