// The process's last line of defence. Every request, upgrade and message has its own boundary;
// an error that still escapes leaves the process in an unknown state, so it is logged, every
// tmux client the gateway started is ended (none stays attached as an orphan), and the process
// exits 1 for its supervisor to restart it. The tmux sessions live on.

import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import { endAllChildren } from '../tmux/childProcesses.js';

/** Exit status of a gateway that died of an unexpected error. */
export const FATAL_EXIT_CODE = 1;

export function exitOnFatalError(log: Logger): void {
  process.on('uncaughtException', (error, origin) => {
    log.error('fatal_error', {
      origin,
      error: errorMessage(error),
      stack: error instanceof Error ? (error.stack ?? null) : null,
    });
    endAllChildren();
    process.exit(FATAL_EXIT_CODE);
  });
  // However the process ends (a forced exit after a stuck shutdown, too), its clients end with it.
  process.on('exit', () => endAllChildren());
}
