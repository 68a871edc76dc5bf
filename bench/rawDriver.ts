// The raw driver: node-pty running `tmux attach` directly, no web layer (the physical limit).

import { spawn, type IPty } from 'node-pty';
import type { BenchClient, Driver } from './driver.js';
import { COLS, ROWS, SESSION, type TmuxServer } from './tmuxServer.js';
import { waitUntil } from './wait.js';

/** One `tmux attach` client of the tmux server at `socket` (`-r` when `readOnly`). */
export function attachRaw(socket: string, readOnly: boolean): { pty: IPty; client: BenchClient } {
  const pty = spawn(
    'tmux',
    ['-u', '-S', socket, 'attach-session', ...(readOnly ? ['-r'] : []), '-t', `=${SESSION}`],
    {
      name: 'xterm-256color',
      cols: COLS,
      rows: ROWS,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TERM: 'xterm-256color' },
      encoding: null,
    },
  );
  const listeners = new Set<(chunk: Buffer) => void>();
  const client: BenchClient = {
    bytes: 0,
    write: (text) => pty.write(text),
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    freeze: () => pty.pause(),
    close: () => pty.kill(),
  };
  // With `encoding: null` node-pty hands out Buffers, whatever its typings say.
  pty.onData((data: string | Buffer) => {
    const chunk = Buffer.isBuffer(data) ? data : Buffer.from(data);
    client.bytes += chunk.length;
    for (const listener of listeners) listener(chunk);
  });
  return { pty, client };
}

export async function startRawDriver(tmux: TmuxServer): Promise<Driver> {
  const ptys: IPty[] = [];
  return Promise.resolve({
    name: 'raw',
    attach: async (role) => {
      const { pty, client } = attachRaw(tmux.socket, role === 'viewer');
      ptys.push(pty);
      await waitUntil('the initial screen', () => client.bytes > 0);
      return client;
    },
    fleetTarget: () => Promise.resolve({ kind: 'raw', socket: tmux.socket }),
    measuredPids: () => ptys.map((pty) => pty.pid),
    gatewayPid: () => undefined,
    stop: async () => {
      for (const pty of ptys) pty.kill();
      await Promise.resolve();
    },
  });
}
