// Writes a prepared frame (viewers/preparedFrame.ts: a viewer group's output, a presence push) to
// one browser's socket as one write of the shared buffer, instead of ws framing, allocating and
// corking two writes for every socket.
//
// Why ws internals: ws 8 has no public API to send bytes already framed. What is read here was
// read from ws 8.23.0 (lib/websocket.js `send`, `bufferedAmount`, `setSocket`; lib/sender.js
// `send`, `dispatch`, `enqueue`, `sendFrame`). Writing a frame straight to the socket is what
// Sender.sendFrame does, and is safe only while the sender has nothing of its own in flight (no
// compression under way, nothing queued, no fragmented message open) and no extension is
// negotiated (upgrade.ts turns permessage-deflate off). `bufferedAmount` stays exact: it is the
// socket's buffered bytes plus the sender's queue. Whenever any of that cannot be checked — a
// different ws, a fake socket in tests, a closing socket — the caller falls back to `ws.send`.

import type { WebSocket } from 'ws';
import { PreparedFrame } from '../viewers/preparedFrame.js';

/** ws's sender state while it neither compresses nor reads a Blob (sender.js `DEFAULT`). */
const SENDER_IDLE = 0;

/** The parts of ws 8.23.0's WebSocket read here (private fields, each checked before use). */
interface WsInternals {
  _isServer?: unknown;
  /** Negotiated extensions by name; `ws.extensions` is the same joined, built on every read. */
  _extensions?: unknown;
  _socket?: { writable?: unknown; destroyed?: unknown; write?: unknown } | null;
  _sender?: { _state?: unknown; _queue?: unknown; _firstFragment?: unknown } | null;
}

/** Sends `frame` on `ws`: its prepared bytes when that is safe, else through `ws.send`. */
export function sendPrepared(ws: WebSocket, frame: PreparedFrame): void {
  if (writePrepared(ws, frame)) return;
  ws.send(frame.payload, { binary: frame.kind === 'binary' });
}

/** Writes the prepared bytes straight to the socket; false (nothing written) when unsafe. */
export function writePrepared(ws: WebSocket, frame: PreparedFrame): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  // The private fields ws 8.23.0 keeps (see the header): typed as unknown and checked.
  const internals = ws as unknown as WsInternals;
  const extensions = internals._extensions;
  if (typeof extensions !== 'object' || extensions === null || hasOwnKeys(extensions)) return false;
  const socket = internals._socket;
  const sender = internals._sender;
  if (internals._isServer !== true || !socket || !sender) return false;
  if (socket.writable !== true || socket.destroyed !== false) return false;
  if (typeof socket.write !== 'function') return false;
  const queue = sender._queue;
  if (sender._state !== SENDER_IDLE || !Array.isArray(queue) || queue.length !== 0) return false;
  if (sender._firstFragment !== true) return false;
  (socket.write as (chunk: Buffer) => boolean).call(socket, frame.wire);
  return true;
}

function hasOwnKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/**
 * The last text message prepared, by identity: a presence push hands one string to every member
 * in one loop, so one entry makes that one encoding per push. A different string replaces it.
 */
let lastText: { text: string; frame: PreparedFrame } | undefined;

/** `text` as a prepared text frame, encoded once for a run of sockets that all send it. */
export function preparedText(text: string): PreparedFrame {
  if (lastText?.text !== text) {
    lastText = { text, frame: new PreparedFrame(Buffer.from(text, 'utf8'), 'text') };
  }
  return lastText.frame;
}
