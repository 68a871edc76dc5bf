// Timed keystrokes shared by the echo, fan-out and frozen workloads.

import type { BenchClient } from '../driver.js';
import { wallClockMs } from '../fleet/protocol.js';
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
 * Whoever a keystroke is timed to: watches for `text` in output from now on and resolves once
 * watching, with the wall-clock time (wallClockMs) at which the last watcher saw it. A viewer
 * fleet's `watch` is one.
 */
export type Audience = (text: string, timeoutMs: number) => Promise<{ seen: Promise<number> }>;

/** The audience of clients read in this process. */
export function audienceOf(clients: BenchClient[]): Audience {
  return (text, timeoutMs) => {
    const arrivals = clients.map((client) => arrivalOf(client, text, timeoutMs));
    const seen = Promise.all(arrivals).then((times) => wallClockMs(Math.max(...times)));
    // Awaited once the key is written; a failure must not count as unhandled before that.
    seen.catch(() => undefined);
    return Promise.resolve({ seen });
  };
}

/**
 * Types `count` keys into `writer`, one at a time, and returns for each the milliseconds until
 * the last of `watchers` saw it. `endLine` is typed every KEYS_PER_LINE keys ("\r" for cat,
 * Ctrl-U for a shell prompt).
 */
export async function timeKeystrokes(
  writer: BenchClient,
  watchers: BenchClient[] | Audience,
  count: number,
  endLine: string,
): Promise<number[]> {
  const audience = Array.isArray(watchers) ? audienceOf(watchers) : watchers;
  const samples: number[] = [];
  for (let i = 0; i < count; i += 1) {
    if (i > 0 && i % KEYS_PER_LINE === 0) {
      writer.write(endLine);
      await sleep(LINE_SETTLE_MS);
    }
    const key = KEYS[i % KEYS.length]!;
    const { seen } = await audience(key, KEYSTROKE_TIMEOUT_MS);
    const start = wallClockMs();
    writer.write(key);
    samples.push((await seen) - start);
  }
  writer.write(endLine);
  await sleep(LINE_SETTLE_MS);
  return samples;
}
