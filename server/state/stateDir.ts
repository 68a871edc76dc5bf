// The gateway's private state directory: created 0700, and tightened if someone loosened it.

import { mkdir, stat, chmod } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.js';

const STATE_DIR_MODE = 0o700;

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TMUXGATE_STATE_DIR ?? join(homedir(), '.local', 'state', 'tmuxgate');
}

export async function ensureStateDir(path: string, log: Logger): Promise<void> {
  await mkdir(path, { recursive: true, mode: STATE_DIR_MODE });
  const info = await stat(path);
  if (!info.isDirectory()) throw new Error(`state directory ${path} is not a directory`);
  if ((info.mode & 0o077) !== 0) {
    log.warn('state_dir_permissions_tightened', { path, mode: (info.mode & 0o777).toString(8) });
    await chmod(path, STATE_DIR_MODE);
  }
}
