// Fan-out workload: N read-only viewers, run in viewer fleet processes of their own
// (bench/fleet/), and one writer in the bench; keystroke-to-all latency, bytes per viewer during
// a burst of output, memory (PSS) and CPU seconds (the gateway's and the fleet's, apart).

import type { BenchClient, Driver } from '../driver.js';
import { checkFileLimitOf, ensureFileLimit, filesNeededFor } from '../fleet/fileLimit.js';
import { wallClockMs } from '../fleet/protocol.js';
import { fleetPlan, startViewerFleet, type ViewerFleet } from '../fleet/viewerFleet.js';
import type { BenchOptions } from '../options.js';
import { runGatewayOnly, runPair, runWithRelay } from '../pair.js';
import { cpuSeconds, pssBytes, sum } from '../procStats.js';
import { mean, percentile } from '../stats.js';
import { rowsOf, type ResultTable } from '../table.js';
import { randomToken } from '../text.js';
import { SHELL, type TmuxServer } from '../tmuxServer.js';
import { sleep } from '../wait.js';
import { timeKeystrokes } from './keystrokes.js';
import { SETTLE_MS } from './throughput.js';

/** Ctrl-U: clears the shell's input line between keystroke runs. */
const CLEAR_LINE = '\x15';
/** Lines of `seq` far beyond what a burst can print; `timeout` ends it. */
const BURST_SEQ_LINES = 999_999_999;
/** Bound beyond the burst itself for everyone to see its end; a healthy run takes a second. */
const BURST_END_TIMEOUT_MS = 120_000;
const BYTES_PER_MB = 1e6;
const BYTES_PER_KB = 1e3;
const MS_PER_SECOND = 1e3;
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
  fleetCpu: number;
}

/**
 * Types `<command>; printf 'DONE-%s\n' <token>` into `writer`; the seconds until every viewer of
 * `fleet` saw the sentinel (the typed line's echo never contains it whole).
 */
async function timeBurst(writer: BenchClient, fleet: ViewerFleet, options: BenchOptions) {
  const token = randomToken();
  const timeoutMs = options.burstSeconds * MS_PER_SECOND + BURST_END_TIMEOUT_MS;
  const { seen } = await fleet.watch(`DONE-${token}`, timeoutMs);
  const start = wallClockMs();
  const command = `timeout ${options.burstSeconds} seq 1 ${BURST_SEQ_LINES}`;
  writer.write(`${command}; printf 'DONE-%s\\n' ${token}\r`);
  return ((await seen) - start) / MS_PER_SECOND;
}

function measureFanout(options: BenchOptions, viewers: number) {
  return async (driver: Driver, tmux: TmuxServer): Promise<FanoutResult> => {
    const writer = await driver.attach('writer');
    const fleet = await startViewerFleet(await driver.fleetTarget(), fleetPlan(viewers));
    try {
      checkInheritedLimits(driver, fleet, viewers);
      await sleep(SETTLE_MS);
      const samples = await timeKeystrokes(
        writer,
        fleet.watch,
        options.fanoutKeystrokes,
        CLEAR_LINE,
      );
      await sleep(SETTLE_MS);

      const baseline = await fleet.bytes();
      // Raw viewers' tmux clients are the fleet's children; the web drivers' are the server's.
      const pids = [...driver.measuredPids(), ...fleet.clientPids];
      const cpu = () => ({
        server: cpuSeconds(tmux.pid),
        clients: sum(pids, cpuSeconds),
        fleet: sum(fleet.processPids, cpuSeconds),
      });
      const before = cpu();
      const burstSeconds = await timeBurst(writer, fleet, options);
      const after = cpu();
      const received = (await fleet.bytes()).map((bytes, i) => bytes - baseline[i]!);
      return {
        toAllP50: percentile(samples, 50),
        toAllMax: Math.max(...samples),
        kbPerViewer: mean(received) / BYTES_PER_KB,
        minKbPerViewer: Math.min(...received) / BYTES_PER_KB,
        burstSeconds,
        pssMb: sum([...driver.measuredPids(), ...fleet.clientPids], pssBytes) / BYTES_PER_MB,
        tmuxServerPssMb: pssBytes(tmux.pid) / BYTES_PER_MB,
        tmuxServerCpu: after.server - before.server,
        clientsCpu: after.clients - before.clients,
        fleetCpu: after.fleet - before.fleet,
      };
    } finally {
      await fleet.close();
    }
  };
}

/** The gateway (or relay) and the fleet processes got the open files ensureFileLimit set. */
function checkInheritedLimits(driver: Driver, fleet: ViewerFleet, viewers: number): void {
  const needed = filesNeededFor(viewers);
  const server = driver.gatewayPid();
  if (server !== undefined) checkFileLimitOf(server, needed, `${driver.name} process`);
  for (const pid of fleet.processPids) checkFileLimitOf(pid, needed, 'viewer fleet process');
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
  fleetCpu: Number.NaN,
};

export async function fanoutWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const tables: ResultTable[] = [];
  const runs = [
    ...options.viewers.map((viewers) => ({ viewers, gatewayOnly: false })),
    ...options.gatewayViewers.map((viewers) => ({ viewers, gatewayOnly: true })),
  ];
  const most = Math.max(0, ...runs.map((run) => run.viewers));
  ensureFileLimit(filesNeededFor(most), `fan-out with ${most} viewers`);
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
        row("CPU s of the bench's viewer processes during the burst", 'fleetCpu', 2),
      ],
    });
  }
  return tables;
}
