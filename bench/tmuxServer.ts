// A private tmux server for one measurement (testing/tmuxFixture.ts): one session, no status line.

import { TEST_SHELL, startTmux } from '../testing/tmuxFixture.js';

/** Every workload's session; the gateway exposes it under the same name. */
export const SESSION = 'main';
/** Terminal size of the session and of every client, so that no client resizes the window. */
export const COLS = 80;
export const ROWS = 24;
/** A plain shell with no rc files: typed commands behave the same on every machine. */
export const SHELL = TEST_SHELL;

export interface TmuxServer {
  socket: string;
  dir: string;
  tmux(...args: string[]): Promise<string>;
  /** PID of the tmux server process. */
  pid: number;
  stop: () => Promise<void>;
}

/** Starts a tmux server whose only session, SESSION, runs `command`. */
export async function startTmuxServer(command: string[]): Promise<TmuxServer> {
  const fixture = await startTmux({
    sessions: [{ name: SESSION, command }],
    size: { cols: COLS, rows: ROWS },
    prefix: 'tg-bench-',
    prompt: '$ ',
    // No status line: its clock would send output nobody typed and blur the echo timings.
    status: 'off',
  });
  try {
    const pid = await fixture.pid();
    const { socket, dir, tmux } = fixture;
    return { socket, dir, tmux, pid, stop: fixture.cleanup };
  } catch (error) {
    await fixture.cleanup();
    throw error;
  }
}
