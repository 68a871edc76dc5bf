// Runs async tasks one after another (a history re-render never meets an append), and skips a
// task whose moment has passed by the time its turn comes.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private count = 0;

  /** Tasks queued or running. */
  get pending(): number {
    return this.count;
  }

  /** Runs `task` after those queued before it, unless `current()` is false by then. */
  run<T>(current: () => boolean, task: () => Promise<T>): Promise<T | undefined> {
    this.count++;
    const next = this.tail.then(() => (current() ? task() : undefined));
    const settled = next.finally(() => this.count--);
    this.tail = settled.catch(() => undefined);
    return settled;
  }
}
