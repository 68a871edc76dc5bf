// Finds tmux sockets (and their directories) that other Unix users could write to: anyone who can
// connect to a tmux socket controls every session behind it.

import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';

const WORLD_WRITABLE = 0o002;

export async function socketPermissionWarnings(socket: string): Promise<string[]> {
  const warnings: string[] = [];
  for (const [what, path] of [
    ['tmux socket', socket],
    ['directory of the tmux socket', dirname(socket)],
  ] as const) {
    try {
      const info = await stat(path);
      if ((info.mode & WORLD_WRITABLE) !== 0) {
        warnings.push(
          `${what} ${path} is world-writable (mode ${(info.mode & 0o7777).toString(8)}): any local user can take over its sessions; use mode 0600, or 0660 with a group`,
        );
      }
    } catch {
      // A missing socket is not a permission problem (doctor reports it separately).
    }
  }
  return warnings;
}
