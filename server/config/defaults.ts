// What the gateway uses when nothing says otherwise: the listen address, and the embedded default
// configuration `tmuxgate serve` runs without a file (as input to the parser, like a file's text).

import { join } from 'node:path';

/** Default listen address: loopback only, so nothing is exposed until someone decides to. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7681;

/** The session `tmuxgate serve` creates when run without a config file. */
export const EMBEDDED_SESSION_NAME = 'main';
export const EMBEDDED_SOCKET_FILE = 'tmux.sock';

/**
 * The embedded default as a file would say it: no users (its owner signs in through a one-time
 * link), one session `main` on a private socket in the state directory, created when missing.
 */
export function embeddedDefaultInput(stateDir: string): Record<string, unknown> {
  return {
    stateDir,
    sessions: [
      {
        name: EMBEDDED_SESSION_NAME,
        socket: join(stateDir, EMBEDDED_SOCKET_FILE),
        target: EMBEDDED_SESSION_NAME,
        create: true,
      },
    ],
  };
}
