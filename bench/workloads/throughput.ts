// Throughput workload: the pane prints `seq 1 N` and a sentinel; time until the writer sees it,
// and the bytes a viewer beside it received meanwhile.

import { performance } from 'node:perf_hooks';
import type { BenchClient } from '../driver.js';
import type { BenchOptions } from '../options.js';
import { runWithRelay } from '../pair.js';
import { rowsOf, type ResultTable } from '../table.js';
import { arrivalOf, randomToken, seqOutputBytes } from '../text.js';
import { SHELL } from '../tmuxServer.js';
import { sleep } from '../wait.js';

/** Let the shell's prompt and tmux's first redraws finish before timing. */
export const SETTLE_MS = 500;
/** Bound for a whole run of output; ~55 MB takes seconds to tens of seconds here. */
const OUTPUT_TIMEOUT_MS = 240_000;
const BYTES_PER_MB = 1e6;

export interface OutputRun {
  seconds: number;
  mbPerSecond: number;
}

/**
 * Types `<command>; printf 'DONE-%s\n' <token>` into `writer` and returns the time until every
 * one of `watchers` has seen the sentinel (the typed line's echo never contains it whole). It
 * also waits for `bystanders` to see it, without timing them.
 */
export async function timeOutput(
  writer: BenchClient,
  watchers: BenchClient[],
  command: string,
  paneBytes: number,
  bystanders: BenchClient[] = [],
): Promise<OutputRun> {
  const token = randomToken();
  const arrival = (client: BenchClient) => arrivalOf(client, `DONE-${token}`, OUTPUT_TIMEOUT_MS);
  const arrivals = watchers.map(arrival);
  const bystandersSaw = Promise.all(bystanders.map(arrival));
  const start = performance.now();
  writer.write(`${command}; printf 'DONE-%s\\n' ${token}\r`);
  const seconds = (Math.max(...(await Promise.all(arrivals))) - start) / 1000;
  await bystandersSaw;
  return { seconds, mbPerSecond: paneBytes / BYTES_PER_MB / seconds };
}

export async function throughputWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const paneBytes = seqOutputBytes(options.seqLines);
  const { raw, relay, gateway } = await runWithRelay(SHELL, async (driver) => {
    const writer = await driver.attach('writer');
    // A viewer beside the writer: what it receives while the pane floods is what an audience sees.
    const viewer = await driver.attach('viewer');
    await sleep(SETTLE_MS);
    const before = { writer: writer.bytes, viewer: viewer.bytes };
    const command = `seq 1 ${options.seqLines}`;
    const run = await timeOutput(writer, [writer], command, paneBytes, [viewer]);
    return {
      ...run,
      receivedMb: (writer.bytes - before.writer) / BYTES_PER_MB,
      viewerMb: (viewer.bytes - before.viewer) / BYTES_PER_MB,
    };
  });
  const row = rowsOf(raw, gateway, relay);
  return [
    {
      title: `throughput: \`seq 1 ${options.seqLines}\` (${(paneBytes / BYTES_PER_MB).toFixed(1)} MB of pane output)`,
      metrics: [
        row('seconds until sentinel', 'seconds', 2),
        row('pane output MB/s', 'mbPerSecond', 1),
        row('MB received by the writer', 'receivedMb', 1),
        row('MB received by a viewer until it saw the end', 'viewerMb', 2),
      ],
    },
  ];
}
