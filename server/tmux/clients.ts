// tmux clients of one session as tmux sees them (web and native alike), and the commands that
// act on one client: detach it, or flip its read-only flag.

import { exactTarget, type TmuxServer } from './tmuxServer.js';

export interface TmuxClient {
  pid: number;
  tty: string;
  cols: number;
  rows: number;
  readOnly: boolean;
  user: string;
  /** Last activity and attach time, seconds since the epoch. */
  activity: number;
  created: number;
}

const FORMAT = [
  '#{client_pid}',
  '#{client_tty}',
  '#{client_width}',
  '#{client_height}',
  '#{client_readonly}',
  '#{client_user}',
  '#{client_activity}',
  '#{client_created}',
].join('\t');

export async function listSessionClients(tmux: TmuxServer, target: string): Promise<TmuxClient[]> {
  const output = await tmux.run(['list-clients', '-t', exactTarget(target), '-F', FORMAT]);
  const clients: TmuxClient[] = [];
  for (const line of output.split('\n')) {
    const [pid, tty, cols, rows, readOnly, user, activity, created] = line.split('\t');
    if (!pid || !tty) continue;
    clients.push({
      pid: Number(pid),
      tty,
      cols: Number(cols),
      rows: Number(rows),
      readOnly: readOnly === '1',
      user: user ?? '',
      activity: Number(activity),
      created: Number(created),
    });
  }
  return clients;
}

export async function detachClient(tmux: TmuxServer, tty: string): Promise<void> {
  await tmux.run(['detach-client', '-t', tty]);
}

/**
 * Makes one client read-only (with ignore-size) or read-write. `switch-client -r` toggles both
 * flags in tmux 3.3 (`refresh-client -f` does not), so it is used only when the flag differs.
 */
export async function setClientReadOnly(
  tmux: TmuxServer,
  target: string,
  tty: string,
  readOnly: boolean,
): Promise<void> {
  const current =
    (await tmux.run(['display-message', '-p', '-c', tty, '#{client_readonly}'])).trim() === '1';
  if (current === readOnly) return;
  await tmux.run(['switch-client', '-c', tty, '-t', exactTarget(target), '-r']);
}
