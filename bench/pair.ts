// Runs one measurement for the raw and the gateway driver back to back, each on a fresh tmux
// server, and always cleans up the tmux server and the gateway process it started.

import type { Driver } from './driver.js';
import { startGatewayDriver } from './gatewayDriver.js';
import { startRawDriver } from './rawDriver.js';
import { startRelayDriver } from './relayDriver.js';
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
  const raw = await runOne(startRawDriver, command, measure);
  const gateway = await runOne(startGatewayDriver, command, measure);
  return { raw, gateway };
}

/** The same measurement for raw tmux, the minimal relay and the gateway, one after another. */
export async function runWithRelay<T>(
  command: string[],
  measure: (driver: Driver, tmux: TmuxServer) => Promise<T>,
): Promise<{ raw: T; relay: T; gateway: T }> {
  const raw = await runOne(startRawDriver, command, measure);
  const relay = await runOne(startRelayDriver, command, measure);
  const gateway = await runOne(startGatewayDriver, command, measure);
  return { raw, relay, gateway };
}

/** One measurement with the gateway alone (for sizes raw tmux is not measured at). */
export function runGatewayOnly<T>(
  command: string[],
  measure: (driver: Driver, tmux: TmuxServer) => Promise<T>,
): Promise<T> {
  return runOne(startGatewayDriver, command, measure);
}

async function runOne<T>(
  start: (tmux: TmuxServer) => Promise<Driver>,
  command: string[],
  measure: (driver: Driver, tmux: TmuxServer) => Promise<T>,
): Promise<T> {
  const tmux = await startTmuxServer(command);
  running.add(tmux.stop);
  try {
    const driver = await start(tmux);
    running.add(driver.stop);
    try {
      return await measure(driver, tmux);
    } finally {
      running.delete(driver.stop);
      await driver.stop();
    }
  } finally {
    running.delete(tmux.stop);
    await tmux.stop();
  }
}
