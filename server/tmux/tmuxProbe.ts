// Whether the tmux binary can be run here (`tmux -V`: the binary, no server or socket, so not a
// TmuxServer command), remembered briefly: readiness probes may
// come every second and from anyone, and must not each spawn a process.

import { execFile } from 'node:child_process';
import { minimalEnvironment } from './environment.js';
import { tmuxBinary } from './localTmux.js';

/** A fresh answer at most this often: a fixed tmux is noticed within seconds, floods cost one spawn. */
export const TMUX_PROBE_CACHE_MS = 5000;
/** `tmux -V` answers at once; a hang is itself a failure. */
const TMUX_PROBE_TIMEOUT_MS = 3000;

export type TmuxProbeResult = { ok: true; version: string } | { ok: false; reason: string };

function probeOnce(): Promise<TmuxProbeResult> {
  const binary = tmuxBinary();
  return new Promise((resolve) => {
    execFile(
      binary,
      ['-V'],
      { env: minimalEnvironment(), timeout: TMUX_PROBE_TIMEOUT_MS, encoding: 'utf8' },
      (error, stdout) => {
        if (!error) {
          resolve({ ok: true, version: stdout.trim() });
          return;
        }
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'not found' : error.message;
        resolve({ ok: false, reason: `the tmux binary "${binary}" cannot be run: ${why}` });
      },
    );
  });
}

export class TmuxProbe {
  private last: { at: number; result: Promise<TmuxProbeResult> } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  check(): Promise<TmuxProbeResult> {
    const now = this.now();
    if (!this.last || now - this.last.at >= TMUX_PROBE_CACHE_MS) {
      this.last = { at: now, result: probeOnce() };
    }
    return this.last.result;
  }
}
