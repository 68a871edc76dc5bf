// Entry of `npm run bench`: runs every workload for the raw and gateway drivers and prints
// Markdown tables with gateway/raw ratios. Exits non-zero if any workload failed.

import { describeMachine } from './machine.js';
import { parseOptions, type BenchOptions } from './options.js';
import { stopAllRunning } from './pair.js';
import { renderTable, type ResultTable } from './table.js';
import { renderTargets } from './targets.js';
import { abuseWorkload } from './workloads/abuse.js';
import { echoWorkload } from './workloads/echo.js';
import { fanoutWorkload } from './workloads/fanout.js';
import { frozenWorkload } from './workloads/frozen.js';
import { historyWorkload } from './workloads/history.js';
import { logoutsWorkload } from './workloads/logouts.js';
import { throughputWorkload } from './workloads/throughput.js';

const WORKLOADS: Record<string, (options: BenchOptions) => Promise<ResultTable[]>> = {
  echo: echoWorkload,
  throughput: throughputWorkload,
  fanout: fanoutWorkload,
  frozen: frozenWorkload,
  abuse: abuseWorkload,
  logouts: logoutsWorkload,
  history: historyWorkload,
};

/** Exit status of an interrupted run (128 + SIGINT). */
const INTERRUPTED_EXIT_CODE = 130;

process.once('SIGINT', () => {
  void stopAllRunning().then(() => process.exit(INTERRUPTED_EXIT_CODE));
});

const options = parseOptions(process.argv.slice(2));
const started = Date.now();
process.stdout.write(
  `## tmuxgate bench${options.smoke ? ' (smoke)' : ''}\n\n${describeMachine()}\n\n`,
);
let failures = 0;
const tables: ResultTable[] = [];
for (const [name, workload] of Object.entries(WORKLOADS)) {
  if (options.only.length > 0 && !options.only.includes(name)) continue;
  try {
    for (const table of await workload(options)) {
      tables.push(table);
      process.stdout.write(`${renderTable(table)}\n`);
    }
  } catch (error) {
    failures += 1;
    process.stdout.write(
      `### ${name}: FAILED\n\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`,
    );
  }
}
const targets = renderTargets(tables);
if (targets !== undefined) process.stdout.write(`${targets}\n`);
process.stdout.write(`Total time: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
// Explicit exit: every tmux server and gateway is stopped by now; nothing else must keep us alive.
process.exit(failures > 0 ? 1 : 0);
