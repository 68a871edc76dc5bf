// A BenchClient over one WebSocket that carries terminal bytes as binary frames: the gateway's
// (which also acks them) and the minimal relay's.

import type WebSocket from 'ws';
import type { BenchClient } from './driver.js';

export interface SocketClientHooks {
  /** Called with the size of each binary frame once its listeners have seen it. */
  received?: (bytes: number) => void;
  /** Called when the client is closed. */
  closed?: () => void;
}

/** Wraps `ws`; resolves once it is open, rejects when it fails or the upgrade is refused. */
export function socketClient(
  ws: WebSocket,
  hooks: SocketClientHooks = {},
): Promise<{ ws: WebSocket; client: BenchClient }> {
  const listeners = new Set<(chunk: Buffer) => void>();
  const client: BenchClient = {
    bytes: 0,
    write: (text) => ws.send(Buffer.from(text, 'utf8'), { binary: true }),
    onData: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    freeze: () => {
      // Never read again: the kernel's socket buffers fill and the server sees a stalled peer.
      const socket = (ws as unknown as { _socket?: { pause(): void } })._socket;
      socket?.pause();
    },
    close: () => {
      hooks.closed?.();
      ws.terminate();
    },
  };
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) return;
    client.bytes += data.length;
    for (const listener of listeners) listener(data);
    hooks.received?.(data.length);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, client }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    );
  });
}
