// A WebSocket message framed once and written as it is to many browsers (a viewer group's output,
// a presence push): per socket, one write of a shared buffer, instead of ws framing, allocating
// and corking two writes for every socket.
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

/** RFC 6455 §5.2 opcodes. */
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
/** FIN bit of the first header byte: the message is one frame. */
const FIN = 0x80;
/** Payload lengths up to this fit the 7-bit length field; 126 and 127 announce longer ones. */
const MAX_SHORT_LENGTH = 125;
/** Up to this the length is a 16-bit field after the marker 126; above, a 64-bit one after 127. */
const MAX_MEDIUM_LENGTH = 0xffff;
const MEDIUM_MARKER = 126;
const LONG_MARKER = 127;
/** ws's sender state while it neither compresses nor reads a Blob (sender.js `DEFAULT`). */
const SENDER_IDLE = 0;

export type FrameKind = 'binary' | 'text';

/** One message for many sockets; the wire bytes (header and payload) are built at first use. */
export class PreparedFrame {
  private wireBytes: Buffer | undefined;

  constructor(
    readonly payload: Buffer,
    readonly kind: FrameKind = 'binary',
  ) {}

  /** Payload bytes: what flow control counts and what a browser acks. */
  get length(): number {
    return this.payload.length;
  }

  /** The whole unmasked server frame (RFC 6455 §5.2), built once. */
  get wire(): Buffer {
    this.wireBytes ??= Buffer.concat([frameHeader(this.payload.length, this.kind), this.payload]);
    return this.wireBytes;
  }
}

/** The header of a final, unmasked, uncompressed frame carrying `length` bytes. */
export function frameHeader(length: number, kind: FrameKind): Buffer {
  const first = FIN | (kind === 'binary' ? OPCODE_BINARY : OPCODE_TEXT);
  if (length <= MAX_SHORT_LENGTH) return Buffer.from([first, length]);
  if (length <= MAX_MEDIUM_LENGTH) {
    const header = Buffer.from([first, MEDIUM_MARKER, 0, 0]);
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = LONG_MARKER;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** The parts of ws 8.23.0's WebSocket read here (private fields, each checked before use). */
interface WsInternals {
  _isServer?: unknown;
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
  if (ws.readyState !== ws.OPEN || ws.extensions !== '') return false;
  // The private fields ws 8.23.0 keeps (see the header): typed as unknown and checked.
  const internals = ws as unknown as WsInternals;
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
