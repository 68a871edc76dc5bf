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

/**
 * Runs its arguments as a command after closing every inherited descriptor above stderr. node-pty
 * leaves each pty's master open across exec, and a tmux server keeps what the command that
 * started it inherited: without this, a server the gateway starts holds the masters of the
 * browsers' attach ptys open, and those clients stay attached after the gateway dies.
 */
const WITHOUT_INHERITED_FDS = [
  'bash',
  // Never the user's rc files: bash reads ~/.bashrc when its stdin is a socket, as execFile's is.
  '--norc',
  '--noprofile',
  '-c',
  'for fd in /proc/$$/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then exec {fd}>&-; fi; done; exec "$0" "$@"',
];

export function tmuxBinary(): string {
  return process.env.TMUXGATE_TMUX_BIN ?? 'tmux';
}

export interface TmuxCommandOptions {
  /** The command may start a tmux server (new-session): it must inherit no descriptors. */
  startsServer?: boolean;
}

export function runTmux(
  socket: string,
  args: readonly string[],
  env = minimalEnvironment(),
  options: TmuxCommandOptions = {},
): Promise<string> {
  const command = [tmuxBinary(), '-S', socket, ...args];
  const [file, ...argv] = options.startsServer ? [...WITHOUT_INHERITED_FDS, ...command] : command;
  return new Promise((resolve, reject) => {
    execFile(
      file!,
      argv,
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
