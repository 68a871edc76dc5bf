// Runs one tmux command against a given socket. Arguments are passed as an argv array, never
// through a shell, and never come from a request.

import { execFile } from 'node:child_process';
import { minimalEnvironment } from './environment.js';

/** tmux answers local commands in milliseconds; a wedged server must not hang a request forever. */
const TMUX_COMMAND_TIMEOUT_MS = 5000;

export class TmuxError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly code: number | string | null,
  ) {
    super(message);
    this.name = 'TmuxError';
  }
}

export function tmuxBinary(): string {
  return process.env.TMUXGATE_TMUX_BIN ?? 'tmux';
}

export function runTmux(
  socket: string,
  args: readonly string[],
  env = minimalEnvironment(),
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      tmuxBinary(),
      ['-S', socket, ...args],
      { env, timeout: TMUX_COMMAND_TIMEOUT_MS, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim() || error.message;
          reject(new TmuxError(`tmux ${args[0] ?? ''}: ${detail}`, stderr, error.code ?? null));
          return;
        }
        resolve(stdout);
      },
    );
  });
}
