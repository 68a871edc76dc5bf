// The integration tests' tmux server (testing/tmuxFixture.ts with their prompt), waitFor, and a
// log of the gateway's tmux runs.

import { execFileSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import {
  TEST_SHELL,
  startTmux as startTestTmux,
  type TmuxFixture,
} from '../../testing/tmuxFixture.js';

export { TEST_SHELL, type TmuxFixture };
/** The prompt of every test shell, so that tests can wait for it. */
export const TEST_PROMPT = 'tg$ ';

/** A private tmux server with `sessions` at 80x24 and a status line without its clock. */
export function startTmux(sessions: string[] = ['main']): Promise<TmuxFixture> {
  return startTestTmux({ sessions, prefix: 'tg-it-', prompt: TEST_PROMPT, status: 'no-clock' });
}

/** Polls `probe` until it returns a truthy value; fails with `what` after a generous timeout. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  timeoutMs = 15000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** From here on every tmux run of the gateway is logged; `slowGuards` delays the size guard's. */
export async function logTmuxRuns(t: TestContext, tmux: TmuxFixture, slowGuards = false) {
  const log = join(tmux.dir, 'tmux-runs.log');
  const wrapper = join(tmux.dir, 'tmux-logging');
  const realTmux = execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim();
  // The guard clients (`-C attach-session`) wait before attaching: a viewer's first attach waits
  // for them, so the test can act while it is in flight.
  const delay = slowGuards ? `case " $* " in *" -C "*) sleep 2;; esac\n` : '';
  await writeFile(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\n${delay}exec '${realTmux}' "$@"\n`);
  await chmod(wrapper, 0o700);
  const previous = process.env.TMUXGATE_TMUX_BIN;
  process.env.TMUXGATE_TMUX_BIN = wrapper;
  t.after(() => {
    if (previous === undefined) delete process.env.TMUXGATE_TMUX_BIN;
    else process.env.TMUXGATE_TMUX_BIN = previous;
  });
  const runs = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n');
  /** Viewer groups' clients spawned so far (`attach-session -r`; not the guards' `-C`). */
  const viewerAttaches = async () =>
    (await runs()).filter((run) => run.includes('attach-session -r')).length;
  return { runs, viewerAttaches };
}
