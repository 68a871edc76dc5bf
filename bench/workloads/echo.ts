// Echo workload: single keystrokes to a pane running `cat`, timed from write to echoed byte.

import type { BenchOptions } from '../options.js';
import { runWithRelay } from '../pair.js';
import { percentile } from '../stats.js';
import type { ResultTable } from '../table.js';
import { sleep } from '../wait.js';
import { timeKeystrokes } from './keystrokes.js';

/** Let the initial screen and tmux's first redraws finish before timing. */
const SETTLE_MS = 300;

export async function echoWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const { raw, relay, gateway } = await runWithRelay(['cat'], async (driver) => {
    const writer = await driver.attach('writer');
    await sleep(SETTLE_MS);
    return timeKeystrokes(writer, [writer], options.echoSamples, '\r');
  });
  return [
    {
      title: `echo: keystroke to echo, ms (${options.echoSamples} sequential keystrokes to cat)`,
      metrics: [50, 90, 99].map((p) => ({
        name: `p${p}`,
        raw: percentile(raw, p),
        relay: percentile(relay, p),
        gateway: percentile(gateway, p),
        digits: 2,
      })),
    },
  ];
}
