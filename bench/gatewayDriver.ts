// The gateway driver: WebSocket clients speaking protocol v1 (with acks) to the real gateway.

import WebSocket from 'ws';
import { encodeMessage } from '../shared/protocol.js';
import { AckBuffer } from '../client/logic/ackBuffer.js';
import type { BenchClient, Driver } from './driver.js';
import { socketClient } from './socketClient.js';
import { startGatewayProcess, viewerCookie } from './gatewayProcess.js';
import { COLS, ROWS, SESSION, type TmuxServer } from './tmuxServer.js';
import { waitUntil } from './wait.js';
import { childPids } from './procStats.js';

/** One protocol-v1 client; `size` gives a viewer its own size instead of following the window. */
export function connect(
  url: string,
  cookie: string,
  fit: boolean,
  size: { cols: number; rows: number } = { cols: COLS, rows: ROWS },
): Promise<{ ws: WebSocket; client: BenchClient }> {
  // Viewers follow the window (fit-to-window), as the page's viewers do by default.
  const query = `cols=${size.cols}&rows=${size.rows}${fit ? '&fit=1' : ''}`;
  const wsUrl = new URL(`/api/sessions/${SESSION}/ws?${query}`, url);
  wsUrl.protocol = 'ws:';
  const ws = new WebSocket(wsUrl, {
    headers: { Cookie: cookie, Origin: new URL(url).origin },
    perMessageDeflate: false,
  });
  // Acked on receipt, batched exactly as the browser batches (no rendering: the bench is the
  // fastest possible browser, so what it measures is the gateway).
  const acks = new AckBuffer((bytes) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(encodeMessage({ type: 'ack', bytes }));
  });
  return socketClient(ws, {
    received: (bytes) => acks.processed(bytes),
    closed: () => acks.dispose(),
  });
}

export async function startGatewayDriver(tmux: TmuxServer): Promise<Driver> {
  const gateway = await startGatewayProcess(tmux);
  const sockets: WebSocket[] = [];
  let viewer: string | undefined;
  return {
    name: 'gateway',
    attach: async (role) => {
      const cookie =
        role === 'writer' ? gateway.ownerCookie : (viewer ??= await viewerCookie(gateway));
      const { ws, client } = await connect(gateway.url, cookie, role === 'viewer');
      sockets.push(ws);
      await waitUntil('the initial screen', () => client.bytes > 0);
      return client;
    },
    fleetTarget: async () => ({
      kind: 'gateway',
      url: gateway.url,
      cookie: (viewer ??= await viewerCookie(gateway)),
    }),
    measuredPids: () => [gateway.pid, ...childPids(gateway.pid)],
    gatewayPid: () => gateway.pid,
    stop: async () => {
      for (const ws of sockets) ws.terminate();
      await gateway.stop();
    },
  };
}
