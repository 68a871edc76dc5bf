// The gateway's control socket: a Unix socket (mode 0600, in the 0700 state directory) through
// which commands on the same machine (`tmuxgate share`, `tmuxgate pair`) act on the running
// gateway. Only the gateway's own Unix user (and root) can connect; it speaks JSON over HTTP.

import { createConnection } from 'node:net';
import { chmod, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const CONTROL_SOCKET_FILE = 'control.sock';
const CONTROL_SOCKET_MODE = 0o600;

export function controlSocketPath(stateDir: string): string {
  return join(stateDir, CONTROL_SOCKET_FILE);
}

/** Whether something is listening on a Unix socket path. */
function isListening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Removes a stale control socket left by a gateway that died; refuses if one is live. */
export async function claimControlSocket(path: string): Promise<void> {
  if (await isListening(path)) {
    throw new Error(
      `another tmuxgate is already running with this state directory (${path} answers)`,
    );
  }
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

export async function restrictControlSocket(path: string): Promise<void> {
  await chmod(path, CONTROL_SOCKET_MODE);
}
