// Fan-out workload: N read-only viewers and one writer; keystroke-to-all latency, bytes per
// viewer during a burst of output, memory (PSS) and CPU seconds.

import type { BenchOptions } from '../options.js';
import type { Driver } from '../driver.js';
import { runGatewayOnly, runPair, runWithRelay } from '../pair.js';
import { cpuSeconds, pssBytes, sum } from '../procStats.js';
import { mean, percentile } from '../stats.js';
import { rowsOf, type ResultTable } from '../table.js';
import { SHELL, type TmuxServer } from '../tmuxServer.js';
import { sleep } from '../wait.js';
import { timeKeystrokes } from './keystrokes.js';
import { SETTLE_MS, timeOutput } from './throughput.js';
import { attachViewers } from './viewers.js';

/** Ctrl-U: clears the shell's input line between keystroke runs. */
const CLEAR_LINE = '\x15';
/** Lines of `seq` far beyond what a burst can print; `timeout` ends it. */
const BURST_SEQ_LINES = 999_999_999;
const BYTES_PER_MB = 1e6;
const BYTES_PER_KB = 1e3;
/**
 * The relay runs one tmux client per viewer, as raw does; past this many the comparison that
 * matters is with raw tmux (the table leaves the relay out from 500 viewers).
 */
const RELAY_MAX_VIEWERS = 100;

interface FanoutResult {
  toAllP50: number;
  toAllMax: number;
  kbPerViewer: number;
  minKbPerViewer: number;
  burstSeconds: number;
  pssMb: number;
  tmuxServerPssMb: number;
  tmuxServerCpu: number;
  clientsCpu: number;
}

function measureFanout(options: BenchOptions, viewers: number) {
  return async (driver: Driver, tmux: TmuxServer): Promise<FanoutResult> => {
    const writer = await driver.attach('writer');
    const clients = await attachViewers(driver, viewers);
    await sleep(SETTLE_MS);
    const samples = await timeKeystrokes(writer, clients, options.fanoutKeystrokes, CLEAR_LINE);
    await sleep(SETTLE_MS);

    const baseline = clients.map((client) => client.bytes);
    const pids = driver.measuredPids();
    const cpuBefore = { server: cpuSeconds(tmux.pid), clients: sum(pids, cpuSeconds) };
    const burst = await timeOutput(
      writer,
      clients,
      `timeout ${options.burstSeconds} seq 1 ${BURST_SEQ_LINES}`,
      0,
    );
    const received = clients.map((client, i) => client.bytes - baseline[i]!);
    return {
      toAllP50: percentile(samples, 50),
      toAllMax: Math.max(...samples),
      kbPerViewer: mean(received) / BYTES_PER_KB,
      minKbPerViewer: Math.min(...received) / BYTES_PER_KB,
      burstSeconds: burst.seconds,
      pssMb: sum(driver.measuredPids(), pssBytes) / BYTES_PER_MB,
      tmuxServerPssMb: pssBytes(tmux.pid) / BYTES_PER_MB,
      tmuxServerCpu: cpuSeconds(tmux.pid) - cpuBefore.server,
      clientsCpu: sum(pids, cpuSeconds) - cpuBefore.clients,
    };
  };
}

/** Every field unmeasured: the raw column of a gateway-only run. */
const NOT_MEASURED: FanoutResult = {
  toAllP50: Number.NaN,
  toAllMax: Number.NaN,
  kbPerViewer: Number.NaN,
  minKbPerViewer: Number.NaN,
  burstSeconds: Number.NaN,
  pssMb: Number.NaN,
  tmuxServerPssMb: Number.NaN,
  tmuxServerCpu: Number.NaN,
  clientsCpu: Number.NaN,
};

export async function fanoutWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const tables: ResultTable[] = [];
  const runs = [
    ...options.viewers.map((viewers) => ({ viewers, gatewayOnly: false })),
    ...options.gatewayViewers.map((viewers) => ({ viewers, gatewayOnly: true })),
  ];
  for (const { viewers, gatewayOnly } of runs) {
    const measure = measureFanout(options, viewers);
    const { raw, gateway, relay } = gatewayOnly
      ? { raw: NOT_MEASURED, gateway: await runGatewayOnly(SHELL, measure), relay: undefined }
      : viewers <= RELAY_MAX_VIEWERS
        ? await runWithRelay(SHELL, measure)
        : { ...(await runPair(SHELL, measure)), relay: undefined };
    const row = rowsOf(raw, gateway, relay);
    tables.push({
      title: `fan-out: ${viewers} viewers + 1 writer (${options.fanoutKeystrokes} keystrokes; ${options.burstSeconds} s burst)${gatewayOnly ? ', gateway only' : ''}`,
      metrics: [
        row('keystroke to all viewers p50, ms', 'toAllP50', 1),
        row('keystroke to all viewers max, ms', 'toAllMax', 1),
        row('burst: KB per viewer (mean)', 'kbPerViewer', 0),
        row('burst: KB per viewer (min)', 'minKbPerViewer', 0),
        row('burst: seconds until all saw its end', 'burstSeconds', 2),
        row('PSS of gateway + its tmux clients (raw: the tmux clients), MB', 'pssMb', 1),
        row('PSS of the tmux server, MB', 'tmuxServerPssMb', 1),
        row('CPU s of the tmux server during the burst', 'tmuxServerCpu', 2),
        row(
          'CPU s of gateway + tmux clients (raw: tmux clients) during the burst',
          'clientsCpu',
          2,
        ),
      ],
    });
  }
  return tables;
}
