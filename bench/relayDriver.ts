// The relay driver: WebSocket clients of the minimal relay (relay/relayServer.ts) in its own
// process, one `tmux attach` each. Between raw tmux and the gateway: what the web layer costs.

import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { GatewayProcess } from '../testing/gatewayProcess.js';
import type { BenchClient, Driver } from './driver.js';
import { socketClient } from './socketClient.js';
import { childPids } from './procStats.js';
import { COLS, ROWS, type TmuxServer, SESSION } from './tmuxServer.js';
import { waitUntil } from './wait.js';

const RELAY_ENTRY = fileURLToPath(new URL('./relay/relayServer.ts', import.meta.url));

/** One WebSocket client of the relay listening on `port`. */
export function connectRelay(
  port: number,
  role: 'writer' | 'viewer',
): Promise<{ ws: WebSocket; client: BenchClient }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/?role=${role}&cols=${COLS}&rows=${ROWS}`, {
    perMessageDeflate: false,
  });
  return socketClient(ws);
}

export async function startRelayDriver(tmux: TmuxServer): Promise<Driver> {
  const relay = new GatewayProcess(['--import', 'tsx', RELAY_ENTRY, tmux.socket, SESSION]);
  let port: number;
  try {
    port = Number(await relay.waitForLine(/relay listening on (\d+)/));
  } catch (error) {
    await relay.stop();
    throw error;
  }
  const sockets: WebSocket[] = [];
  return {
    name: 'relay',
    attach: async (role) => {
      const { ws, client } = await connectRelay(port, role);
      sockets.push(ws);
      await waitUntil('the initial screen', () => client.bytes > 0);
      return client;
    },
    fleetTarget: () => Promise.resolve({ kind: 'relay', port }),
    measuredPids: () => [relay.pid, ...childPids(relay.pid)],
    gatewayPid: () => relay.pid,
    stop: async () => {
      for (const ws of sockets) ws.terminate();
      await relay.stop();
    },
  };
}
