// Frozen-viewer workload: one viewer never reads while the others measure throughput and echo.

import type { BenchOptions } from '../options.js';
import { runPair } from '../pair.js';
import { peakOf, pssBytes, rssBytes, sum } from '../procStats.js';
import { percentile } from '../stats.js';
import { rowsOf, type ResultTable } from '../table.js';
import { seqOutputBytes } from '../text.js';
import { SHELL } from '../tmuxServer.js';
import { sleep } from '../wait.js';
import { timeKeystrokes } from './keystrokes.js';
import { SETTLE_MS, timeOutput } from './throughput.js';
import { attachViewers } from './viewers.js';

const CLEAR_LINE = '\x15';
const BYTES_PER_MB = 1e6;
/** How often resident memory is sampled from the flood on. */
const RSS_SAMPLE_MS = 100;

export async function frozenWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const paneBytes = seqOutputBytes(options.frozenSeqLines);
  const { raw, gateway } = await runPair(SHELL, async (driver, tmux) => {
    const rss = () => sum(driver.measuredPids(), rssBytes) / BYTES_PER_MB;
    await sleep(SETTLE_MS);
    const idleRssMb = rss();
    const writer = await driver.attach('writer');
    const others = await attachViewers(driver, options.frozenOthers);
    const [frozen] = await attachViewers(driver, 1);
    frozen!.freeze();
    await sleep(SETTLE_MS);
    const peak = peakOf(rss, RSS_SAMPLE_MS);
    const run = await timeOutput(
      writer,
      [writer, ...others],
      `seq 1 ${options.frozenSeqLines}`,
      paneBytes,
    );
    await sleep(SETTLE_MS);
    const samples = await timeKeystrokes(writer, others, options.frozenEchoSamples, CLEAR_LINE);
    return {
      idleRssMb,
      peakRssMb: peak.stop(),
      mbPerSecond: run.mbPerSecond,
      echoP50: percentile(samples, 50),
      echoP99: percentile(samples, 99),
      pssMb: sum(driver.measuredPids(), pssBytes) / BYTES_PER_MB,
      tmuxServerPssMb: pssBytes(tmux.pid) / BYTES_PER_MB,
    };
  });
  const row = rowsOf(raw, gateway);
  return [
    {
      title: `frozen viewer: 1 viewer never reads; writer + ${options.frozenOthers} healthy viewers (\`seq 1 ${options.frozenSeqLines}\`, ${options.frozenEchoSamples} keystrokes)`,
      metrics: [
        row('others: pane output MB/s until all saw the sentinel', 'mbPerSecond', 1),
        row('others: keystroke to all healthy viewers p50, ms', 'echoP50', 1),
        row('others: keystroke to all healthy viewers p99, ms', 'echoP99', 1),
        row('PSS of gateway + its tmux clients (raw: the tmux clients), MB', 'pssMb', 1),
        row('PSS of the tmux server, MB', 'tmuxServerPssMb', 1),
        row(
          'RSS of the gateway and its tmux clients, idle before anyone joins, MB',
          'idleRssMb',
          1,
        ),
        row('RSS of the gateway and its tmux clients, peak from the flood on, MB', 'peakRssMb', 1),
      ],
    },
  ];
}
