// A token bucket for one browser's control messages: a page sends a few a second, and a flood of
// them (each resize once spawned a tmux client) must not cost the gateway or tmux for everyone.

/** A burst may be this many seconds' worth of the rate (a reconnect, a long window drag). */
export const CONTROL_BURST_SECONDS = 4;

/**
 * Acks owed for at most this many output frames. A client that acks every frame (a browser acks
 * in 64 KiB chunks) may owe thousands after a freeze: a flood fills the flow-control watermarks
 * (a few MB) in frames of a few KB. Bounded, so that acks sent later cannot draw on a day of
 * output; spending all of it costs the gateway less than sending those frames did.
 */
export const MAX_ACK_CREDIT = 10_000;

export class ControlRate {
  private tokens: number;
  private last: number;
  private ackCredit = 0;

  constructor(
    private readonly messagesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = messagesPerSecond * CONTROL_BURST_SECONDS;
    this.last = now();
  }

  /** The gateway sent this browser one frame of output, which it may acknowledge for free. */
  frameSent(): void {
    this.ackCredit = Math.min(MAX_ACK_CREDIT, this.ackCredit + 1);
  }

  /**
   * Charges one control message; false when the browser is over its rate. An ack answering a
   * frame that was sent costs nothing: acks then come only as fast as the gateway sends output,
   * which its own coalescing and flow control bound.
   */
  take(message: 'ack' | 'other'): boolean {
    if (message === 'ack' && this.ackCredit > 0) {
      this.ackCredit -= 1;
      return true;
    }
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
