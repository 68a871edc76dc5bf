// Attaches many read-only viewers a few at a time, so that startup does not swamp two cores.

import type { BenchClient, Driver } from '../driver.js';

/** Attaches in flight at once: each spawns a tmux client; more at once only queues on the CPU. */
const ATTACH_CONCURRENCY = 10;

export async function attachViewers(driver: Driver, count: number): Promise<BenchClient[]> {
  const viewers: BenchClient[] = [];
  for (let done = 0; done < count; done += ATTACH_CONCURRENCY) {
    const batch = Math.min(ATTACH_CONCURRENCY, count - done);
    viewers.push(
      ...(await Promise.all(Array.from({ length: batch }, () => driver.attach('viewer')))),
    );
  }
  return viewers;
}
