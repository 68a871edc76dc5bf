// Queries and commands on tmux sessions and clients: existence, creation, redraws, the window's
// size. Targets are always exact (`=name`) so `main` never matches `main-old`.

import { chmod } from 'node:fs/promises';
import { clampSize } from '../../shared/protocol.js';
import { homedir } from 'node:os';
import { userShell } from './environment.js';
import { exactTarget, TmuxError, type TmuxServer } from './tmuxServer.js';

/** Size of a session the gateway creates before anyone attaches; the first client resizes it. */
const NEW_SESSION_COLS = 80;
const NEW_SESSION_ROWS = 24;

/** Sockets the gateway creates are readable and writable by its own user only. */
const PRIVATE_SOCKET_MODE = 0o600;

export async function hasSession(tmux: TmuxServer, target: string): Promise<boolean> {
  try {
    await tmux.run(['has-session', '-t', exactTarget(target)]);
    return true;
  } catch (error) {
    // A missing tmux binary is not a missing session: that is for the caller to report.
    if (error instanceof TmuxError && error.code !== 'ENOENT') return false;
    throw error;
  }
}

/** Creates the session (and the tmux server, if none runs on the socket) unless it exists. */
export async function ensureSession(
  tmux: TmuxServer,
  target: string,
): Promise<'created' | 'existed'> {
  if (await hasSession(tmux, target)) return 'existed';
  try {
    const args = [
      'new-session',
      '-d',
      '-s',
      target,
      '-x',
      String(NEW_SESSION_COLS),
      '-y',
      String(NEW_SESSION_ROWS),
      '-c',
      homedir(),
      userShell(),
    ];
    await tmux.run(args, { startsServer: true });
  } catch (error) {
    // Another connection may have created it in the meantime.
    if (await hasSession(tmux, target)) return 'existed';
    throw error;
  }
  await chmod(tmux.socket, PRIVATE_SOCKET_MODE);
  return 'created';
}

/** Asks tmux to redraw one client from scratch (after its output was discarded). */
export async function refreshClient(tmux: TmuxServer, tty: string): Promise<void> {
  await tmux.run(['refresh-client', '-t', tty]);
}

/** Lines of tmux's status bar for a value of the `status` option ("on", "off", "2" … "5"). */
function statusLines(status: string): number {
  if (status === 'on') return 1;
  const lines = Number(status);
  return Number.isInteger(lines) && lines > 0 ? lines : 0;
}

/**
 * The client size that shows the session's current window exactly: the window plus the status
 * bar, within the protocol's bounds. A read-only client of this size (they never resize the
 * window) shows what writers see: the viewers following the window, and the recorder.
 */
export async function windowViewSize(
  tmux: TmuxServer,
  target: string,
): Promise<{ cols: number; rows: number }> {
  const output = await tmux.run([
    'display-message',
    '-p',
    '-t',
    `${exactTarget(target)}:`,
    '#{window_width} #{window_height} #{status}',
  ]);
  const [width, height, status] = output.trim().split(' ');
  const cols = Number(width);
  const rows = Number(height);
  if (!Number.isInteger(cols) || !Number.isInteger(rows) || cols <= 0 || rows <= 0) {
    throw new TmuxError(`unexpected window size "${output.trim()}"`, output, null);
  }
  return clampSize(cols, rows + statusLines(status ?? 'off'));
}
