// Runs one measurement for the raw and the gateway driver back to back, each on a fresh tmux
// server, and always cleans up the tmux server and the gateway process it started.

import type { Driver } from './driver.js';
import { startGatewayDriver } from './gatewayDriver.js';
import { startRawDriver } from './rawDriver.js';
import { startTmuxServer, type TmuxServer } from './tmuxServer.js';

/** Things to stop if the run is interrupted (Ctrl-C) in the middle of a measurement. */
const running = new Set<() => Promise<void>>();

export async function stopAllRunning(): Promise<void> {
  for (const stop of [...running]) await stop().catch(() => undefined);
}

export async function runPair<T>(
  command: string[],
  measure: (driver: Driver, tmux: TmuxServer) => Promise<T>,
): Promise<{ raw: T; gateway: T }> {
  const results: Partial<Record<Driver['name'], T>> = {};
  for (const start of [startRawDriver, startGatewayDriver]) {
    const tmux = await startTmuxServer(command);
    running.add(tmux.stop);
    try {
      const driver = await start(tmux);
      running.add(driver.stop);
      try {
        results[driver.name] = await measure(driver, tmux);
      } finally {
        running.delete(driver.stop);
        await driver.stop();
      }
    } finally {
      running.delete(tmux.stop);
      await tmux.stop();
    }
  }
  return { raw: results.raw!, gateway: results.gateway! };
}
