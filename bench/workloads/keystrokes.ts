// Timed keystrokes shared by the echo, fan-out and frozen workloads.

import { performance } from 'node:perf_hooks';
import type { BenchClient } from '../driver.js';
import { arrivalOf } from '../text.js';
import { sleep } from '../wait.js';

/**
 * Typed characters: letters that are no final byte of the escape sequences tmux sends
 * (m, H, K, J, h, l, r…), so a match is always the echo itself.
 */
const KEYS = 'vwxyz';
/** A line is ended (and cleared) after this many keys, before the 80-column terminal wraps. */
const KEYS_PER_LINE = 60;
/** Pause after ending a line, so that its redraw is not counted as the next echo. */
const LINE_SETTLE_MS = 50;
/** Bound for one keystroke to reach everyone; a healthy run takes milliseconds. */
const KEYSTROKE_TIMEOUT_MS = 30_000;

/**
 * Types `count` keys into `writer`, one at a time, and returns for each the milliseconds until
 * the last of `watchers` saw it. `endLine` is typed every KEYS_PER_LINE keys ("\r" for cat,
 * Ctrl-U for a shell prompt).
 */
export async function timeKeystrokes(
  writer: BenchClient,
  watchers: BenchClient[],
  count: number,
  endLine: string,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i > 0 && i % KEYS_PER_LINE === 0) {
      writer.write(endLine);
      await sleep(LINE_SETTLE_MS);
    }
    const key = KEYS[i % KEYS.length]!;
    const arrivals = watchers.map((client) => arrivalOf(client, key, KEYSTROKE_TIMEOUT_MS));
    const start = performance.now();
    writer.write(key);
    const times = await Promise.all(arrivals);
    samples.push(Math.max(...times) - start);
  }
  writer.write(endLine);
  await sleep(LINE_SETTLE_MS);
  return samples;
}
