// A private tmux server for one test: its own socket in a temp dir, no user config, a plain shell.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A quiet, predictable shell: no rc files, a prompt that tests can wait for. */
export const TEST_SHELL = ['bash', '--norc', '--noprofile'];
export const TEST_PROMPT = 'tg$ ';

export interface TmuxFixture {
  dir: string;
  socket: string;
  tmux(...args: string[]): Promise<string>;
  newSession(name: string, command?: string[]): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startTmux(sessions: string[] = ['main']): Promise<TmuxFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-it-'));
  const socket = join(dir, 'tmux.sock');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    // No history file: a shell killed with its server would otherwise write one into the dir being removed.
    HISTFILE: '',
    LANG: 'C.UTF-8',
    PS1: TEST_PROMPT,
    TERM: 'xterm-256color',
  };
  const tmux = async (...args: string[]) =>
    (await run('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env })).stdout;
  const fixture: TmuxFixture = {
    dir,
    socket,
    tmux,
    newSession: async (name, command = TEST_SHELL) => {
      await tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', ...command);
    },
    cleanup: async () => {
      await tmux('kill-server').catch(() => undefined);
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
  for (const name of sessions) await fixture.newSession(name);
  // No clock in the status line, so two clients' screens can be compared exactly.
  if (sessions.length > 0) await tmux('set-option', '-g', 'status-right', '');
  return fixture;
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
