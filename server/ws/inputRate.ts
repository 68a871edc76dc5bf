// A token bucket for one client's keyboard input: a steady rate, with room for a burst (a paste).

/** A burst may be this many seconds' worth of the rate (a large paste arrives at once). */
export const INPUT_BURST_SECONDS = 4;

export class InputRate {
  private tokens: number;
  private last: number;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = bytesPerSecond * INPUT_BURST_SECONDS;
    this.last = now();
  }

  /** Takes `bytes` from the bucket; false when the client is over its rate. */
  take(bytes: number): boolean {
    const now = this.now();
    const capacity = this.bytesPerSecond * INPUT_BURST_SECONDS;
    this.tokens = Math.min(
      capacity,
      this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond,
    );
    this.last = now;
    if (bytes > this.tokens) return false;
    this.tokens -= bytes;
    return true;
  }
}
