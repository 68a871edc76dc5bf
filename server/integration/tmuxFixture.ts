// The integration tests' tmux server (testing/tmuxFixture.ts with their prompt), and waitFor.

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
