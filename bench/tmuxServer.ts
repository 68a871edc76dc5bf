// A private tmux server for one measurement: its own socket in a temp dir, no user config.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every workload's session; the gateway exposes it under the same name. */
export const SESSION = 'main';
/** Terminal size of the session and of every client, so that no client resizes the window. */
export const COLS = 80;
export const ROWS = 24;
/** A plain shell with no rc files: typed commands behave the same on every machine. */
export const SHELL = ['bash', '--norc', '--noprofile'];

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
  const dir = await mkdtemp(join(tmpdir(), 'tg-bench-'));
  const socket = join(dir, 'tmux.sock');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    HISTFILE: '',
    LANG: 'C.UTF-8',
    PS1: '$ ',
    TERM: 'xterm-256color',
  };
  const tmux = async (...args: string[]) =>
    (await run('tmux', ['-S', socket, '-f', '/dev/null', ...args], { env })).stdout;
  const stop = async () => {
    await tmux('kill-server').catch(() => undefined);
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    await tmux('new-session', '-d', '-s', SESSION, '-x', `${COLS}`, '-y', `${ROWS}`, ...command);
    // No status line: its clock would send output nobody typed and blur the echo timings.
    await tmux('set-option', '-g', 'status', 'off');
    const pid = Number((await tmux('display-message', '-p', '#{pid}')).trim());
    return { socket, dir, tmux, pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
