// Which tmux the gateway will run, and whether it has what the gateway's safety relies on.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmuxBinary } from '../tmux/localTmux.js';

const run = promisify(execFile);

/** 3.3 is the first tmux where `attach -r` also sets ignore-size and `server-access` exists. */
export const MIN_TMUX_VERSION = { major: 3, minor: 3 };

export interface TmuxVersion {
  text: string;
  major: number;
  minor: number;
}

export function parseTmuxVersion(output: string): TmuxVersion | undefined {
  const match = /tmux (?:next-)?(\d+)\.(\d+)[a-z]?/.exec(output);
  if (!match) return undefined;
  return { text: output.trim(), major: Number(match[1]), minor: Number(match[2]) };
}

export function isRecentEnough(version: TmuxVersion): boolean {
  return (
    version.major > MIN_TMUX_VERSION.major ||
    (version.major === MIN_TMUX_VERSION.major && version.minor >= MIN_TMUX_VERSION.minor)
  );
}

/**
 * The installed tmux's version, or undefined when tmux cannot be run. A plain run of the binary,
 * not a TmuxServer command: `tmux -V` asks no server and no socket.
 */
export async function installedTmuxVersion(): Promise<TmuxVersion | undefined> {
  try {
    const { stdout } = await run(tmuxBinary(), ['-V']);
    return parseTmuxVersion(stdout);
  } catch {
    return undefined;
  }
}

export const OLD_TMUX_WARNING =
  'below 3.3, `attach -r` does not set ignore-size (viewers could resize the shared window) and `server-access` is missing; upgrade tmux';
