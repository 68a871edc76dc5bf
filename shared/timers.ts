// The timer functions a class needs, injected so that tests control time, and the clock tests use.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Timers that only fire when a test advances the clock, one millisecond at a time. */
export class ManualTimers implements Timers {
  private now = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Timers set and not yet fired or cleared. */
  get armed(): number {
    return this.pending.size;
  }

  /** Moves the clock on, firing each timer at its time (timers set meanwhile included). */
  advance(ms: number): void {
    for (let step = 0; step < ms; step += 1) {
      this.now += 1;
      for (const [id, timer] of [...this.pending]) {
        if (timer.at <= this.now) {
          this.pending.delete(id);
          timer.callback();
        }
      }
    }
  }
}
