// Looks up a Unix group (for `pair --group`): its id and its members, from the system's databases.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

export interface UnixGroup {
  name: string;
  gid: number;
  members: string[];
}

export async function lookUpGroup(name: string): Promise<UnixGroup | undefined> {
  if (!GROUP_NAME.test(name)) return undefined;
  try {
    const { stdout } = await run('getent', ['group', name]);
    const [, , gid, members] = stdout.trim().split(':');
    if (gid === undefined || !/^\d+$/.test(gid)) return undefined;
    return {
      name,
      gid: Number(gid),
      members: (members ?? '').split(',').filter((member) => member !== ''),
    };
  } catch {
    return undefined;
  }
}
