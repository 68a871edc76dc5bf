// Waits for text in a client's output, by event (not by polling), and returns when it arrived.

import { performance } from 'node:perf_hooks';
import type { BenchClient } from './driver.js';
import { DEFAULT_WAIT_MS } from './wait.js';

/**
 * Resolves with performance.now() at the chunk in which `text` first appears in output received
 * after this call (matches split across chunks included).
 */
export function arrivalOf(
  client: BenchClient,
  text: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let tail = '';
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${JSON.stringify(text)}`));
    }, timeoutMs);
    const unsubscribe = client.onData((chunk) => {
      const seen = tail + chunk.toString('latin1');
      if (seen.includes(text)) {
        const at = performance.now();
        clearTimeout(timer);
        unsubscribe();
        resolve(at);
        return;
      }
      tail = text.length > 1 ? seen.slice(-(text.length - 1)) : '';
    });
  });
}

/** A token that cannot appear in the output by chance. */
export function randomToken(): string {
  return Math.random().toString(36).slice(2, 10);
}

/** Bytes `seq 1 n` prints: every number's digits plus a newline. */
export function seqOutputBytes(n: number): number {
  let total = 0;
  for (let digits = 1, low = 1; low <= n; digits += 1, low *= 10) {
    const high = Math.min(n, low * 10 - 1);
    total += (high - low + 1) * (digits + 1);
  }
  return total;
}
