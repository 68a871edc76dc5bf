// The one private tmux server for tests, e2e and the bench: its own socket in a temp dir, no
// user config, a plain shell; cleanup() ends it by its socket and removes what it made.

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A quiet, predictable shell: no rc files, so typed commands behave the same on every machine. */
export const TEST_SHELL = ['bash', '--norc', '--noprofile'];

/** The size new sessions get unless asked otherwise (tmux's own default too). */
const DEFAULT_SIZE = { cols: 80, rows: 24 };

/** A shell killed with its tmux server may still be writing into the dir being removed. */
const RM_RETRIES = 5;

export interface TmuxSize {
  cols: number;
  rows: number;
}

export interface TmuxOptions {
  /** Sessions started at once, at `size`, each running its command (default TEST_SHELL). */
  sessions?: ReadonlyArray<string | { name: string; command: readonly string[] }>;
  size?: TmuxSize;
  /** The temp dir's prefix, so that a leftover says whose it is. */
  prefix?: string;
  /** A dir the caller owns (cleanup() then leaves it); default a fresh temp dir. */
  dir?: string;
  /** The shells' PS1 (a prompt tests can wait for); default bash's own. */
  prompt?: string;
  /**
   * The status line: `no-clock` keeps it without its clock or renamed windows (two clients'
   * screens compare exactly); `off` removes it (the window is as large as its client; no output nobody typed).
   */
  status?: 'no-clock' | 'off';
  /** The tmux command's working directory (the sessions' start directory). */
  cwd?: string;
}

export interface TmuxFixture {
  dir: string;
  socket: string;
  tmux: (...args: string[]) => Promise<string>;
  newSession: (name: string, command?: readonly string[], size?: TmuxSize) => Promise<void>;
  /** PID of the tmux server process. */
  pid: () => Promise<number>;
  cleanup: () => Promise<void>;
}

/**
 * The tmux server's whole environment, so its shells neither read the runner's rc files nor write
 * history anywhere (HISTFILE empty), and nothing of the runner (TMUX, secrets) leaks into them.
 */
function tmuxEnvironment(home: string, prompt: string | undefined): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    HISTFILE: '',
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    ...(prompt === undefined ? {} : { PS1: prompt }),
  };
}

export async function startTmux(options: TmuxOptions = {}): Promise<TmuxFixture> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), options.prefix ?? 'tg-tmux-')));
  const socket = join(dir, 'tmux.sock');
  const env = tmuxEnvironment(dir, options.prompt);
  const tmux = async (...args: string[]) =>
    (
      await run('tmux', ['-S', socket, '-f', '/dev/null', ...args], {
        env,
        ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      })
    ).stdout;
  const fixture: TmuxFixture = {
    dir,
    socket,
    tmux,
    newSession: async (name, command = TEST_SHELL, size = options.size ?? DEFAULT_SIZE) => {
      await tmux(
        'new-session',
        '-d',
        '-s',
        name,
        '-x',
        `${size.cols}`,
        '-y',
        `${size.rows}`,
        ...command,
      );
    },
    pid: async () => Number((await tmux('display-message', '-p', '#{pid}')).trim()),
    cleanup: async () => {
      await tmux('kill-server').catch(() => undefined);
      if (ownsDir) await rm(dir, { recursive: true, force: true, maxRetries: RM_RETRIES });
    },
  };
  const sessions = options.sessions ?? [];
  try {
    for (const session of sessions) {
      if (typeof session === 'string') await fixture.newSession(session);
      else await fixture.newSession(session.name, session.command);
    }
    if (sessions.length > 0 && options.status === 'no-clock') {
      await tmux('set-option', '-g', 'status-right', '');
      // Nor window names that follow the running command, renamed after it ends (a redraw).
      await tmux('set-option', '-g', 'automatic-rename', 'off');
    } else if (sessions.length > 0 && options.status === 'off') {
      await tmux('set-option', '-g', 'status', 'off');
    }
  } catch (error) {
    await fixture.cleanup();
    throw error;
  }
  return fixture;
}
