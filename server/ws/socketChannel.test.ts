// Unit tests for SocketChannel against a hand-written fake socket (a small EventEmitter).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import { HIGH_WATERMARK_BYTES, SOCKET_HIGH_WATERMARK_BYTES } from '../../shared/flowControl.js';
import type { ExitReason } from '../../shared/protocol.js';
import { CANCEL } from '../../shared/terminalBytes.js';
import { ManualTimers } from '../../shared/timers.js';
import type { LogFields, Logger } from '../log.js';
import { PreparedFrame } from '../viewers/preparedFrame.js';
import { SocketChannel, type ForwardedMessage } from './socketChannel.js';

const HEARTBEAT_MS = 1000;
const CONTROL_PER_SECOND = 2;

/** The part of a `ws` WebSocket the channel uses. */
class FakeSocket extends EventEmitter {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: (string | Buffer)[] = [];
  pings = 0;
  terminated = 0;
  closedWith: { code: number; reason: string } | undefined;
  send(data: string | Buffer): void {
    this.sent.push(data);
  }
  ping(): void {
    this.pings += 1;
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
  }
  terminate(): void {
    this.terminated += 1;
    this.readyState = 3;
  }
}

function setup() {
  const socket = new FakeSocket();
  const timers = new ManualTimers();
  const logs: string[] = [];
  const write = (event: string, _fields?: LogFields) => logs.push(event);
  const log: Logger = { debug: write, info: write, warn: write, error: write };
  const got = {
    input: [] as string[],
    control: [] as ForwardedMessage[],
    resyncs: [] as number[],
    ends: [] as { reason: ExitReason; message: string }[],
    gone: 0,
    failures: [] as unknown[],
  };
  const channel = new SocketChannel({
    // A fake standing in for the socket: this is a unit test of the channel, not of `ws`.
    ws: socket as unknown as WebSocket,
    heartbeatMs: HEARTBEAT_MS,
    controlMessagesPerSecond: CONTROL_PER_SECOND,
    handlers: {
      input: (bytes) => got.input.push(bytes.toString()),
      control: (message) => got.control.push(message),
      resync: (discarded) => got.resyncs.push(discarded),
      end: (reason, message) => got.ends.push({ reason, message }),
      gone: () => (got.gone += 1),
      failed: (error) => got.failures.push(error),
    },
    log,
    logFields: () => ({ client: 'c1' }),
    timers,
    now: () => 0,
  });
  channel.start();
  const text = (message: unknown) =>
    socket.emit('message', Buffer.from(JSON.stringify(message)), false);
  return { socket, timers, logs, got, channel, text };
}

describe('SocketChannel heartbeat', () => {
  it('pings, and terminates a browser that missed a pong', () => {
    const t = setup();
    t.timers.advance(HEARTBEAT_MS);
    assert.equal(t.socket.pings, 1);
    t.socket.emit('pong');
    t.timers.advance(HEARTBEAT_MS);
    assert.equal(t.socket.pings, 2);
    assert.equal(t.socket.terminated, 0);
    t.timers.advance(HEARTBEAT_MS);
    assert.equal(t.socket.terminated, 1);
    assert.equal(t.got.gone, 1);
    assert.ok(t.logs.includes('client_heartbeat_lost'));
  });

  it('reports a close and a socket error as gone', () => {
    const t = setup();
    t.socket.emit('close', 1001);
    t.socket.emit('error', new Error('reset'));
    assert.equal(t.got.gone, 2);
  });
});

describe('SocketChannel messages', () => {
  it('hands on input and the messages it does not answer itself, and answers pings', () => {
    const t = setup();
    t.socket.emit('message', Buffer.from('ls\r'), true);
    t.text({ type: 'resize', cols: 100, rows: 30 });
    t.text({ type: 'ping', t: 7 });
    assert.deepEqual(t.got.input, ['ls\r']);
    assert.deepEqual(t.got.control, [{ type: 'resize', cols: 100, rows: 30 }]);
    assert.deepEqual(JSON.parse(String(t.socket.sent.at(-1))), { type: 'pong', t: 7 });
  });

  it('ends the connection with a protocol error on a message it cannot decode', () => {
    const t = setup();
    t.socket.emit('message', Buffer.from('{"type":"nonsense"}'), false);
    assert.equal(t.got.ends.length, 1);
    assert.equal(t.got.ends[0]?.reason, 'error');
    assert.ok(t.logs.includes('protocol_error'));
  });

  it("ends with 'limit' past the control-message rate", () => {
    const t = setup();
    for (let i = 0; i < 100 && t.got.ends.length === 0; i += 1) t.text({ type: 'ping', t: i });
    assert.deepEqual(t.got.ends, [
      { reason: 'limit', message: `More than ${CONTROL_PER_SECOND} control messages per second.` },
    ]);
  });

  it('passes what a handler throws to failed, and ignores messages once closed', () => {
    const t = setup();
    t.channel.close(4000, 'error');
    t.text({ type: 'resize', cols: 100, rows: 30 });
    assert.deepEqual(t.got.control, []);
    assert.deepEqual(t.socket.closedWith, { code: 4000, reason: 'error' });

    const u = setup();
    const failing = new SocketChannel({
      ws: u.socket as unknown as WebSocket,
      controlMessagesPerSecond: CONTROL_PER_SECOND,
      handlers: {
        input: () => {
          throw new Error('boom');
        },
        control: () => {},
        resync: () => {},
        end: () => {},
        gone: () => {},
        failed: (error) => u.got.failures.push(error),
      },
      log: { debug() {}, info() {}, warn() {}, error() {} },
      logFields: () => ({}),
      timers: u.timers,
    });
    failing.start();
    u.socket.emit('message', Buffer.from('x'), true);
    assert.equal(u.got.failures.length, 1);
    failing.dispose();
  });
});

describe('SocketChannel flow control', () => {
  it('discards while the socket is full, then asks for a redraw once it drained', () => {
    const t = setup();
    t.channel.output(Buffer.from('seen'));
    t.socket.bufferedAmount = SOCKET_HIGH_WATERMARK_BYTES;
    t.channel.output(Buffer.from('lost'));
    t.channel.output(Buffer.from('lost too'));
    assert.deepEqual(t.socket.sent.map(String), ['seen']);
    assert.equal(t.channel.behind, true);
    assert.ok(t.logs.includes('client_output_discarding'));
    t.socket.bufferedAmount = 0;
    t.timers.advance(50);
    assert.deepEqual(t.got.resyncs, ['lost'.length + 'lost too'.length]);
    assert.equal(t.channel.behind, false);
    assert.equal(t.timers.armed, 1, 'only the heartbeat is left');
    t.channel.cancel();
    assert.equal(String(t.socket.sent.at(-1)), CANCEL);
  });

  it('discards past the unacknowledged watermark, and resyncs on the ack', () => {
    const t = setup();
    t.channel.output(Buffer.alloc(HIGH_WATERMARK_BYTES));
    t.channel.output(Buffer.from('lost'));
    assert.equal(t.socket.sent.length, 1);
    t.text({ type: 'ack', bytes: HIGH_WATERMARK_BYTES });
    assert.deepEqual(t.got.resyncs, ['lost'.length]);
    assert.equal(t.got.ends.length, 0, 'an ack for a frame sent costs no rate');
  });

  it('counts a group frame by its payload, and sends it through ws.send to a socket it cannot write', () => {
    const t = setup();
    const frame = new PreparedFrame(Buffer.alloc(HIGH_WATERMARK_BYTES - 1));
    t.channel.output(frame);
    t.channel.output(new PreparedFrame(Buffer.from('x')));
    t.channel.output(new PreparedFrame(Buffer.from('lost')));
    assert.deepEqual(t.socket.sent, [frame.payload, Buffer.from('x')]);
    t.text({ type: 'ack', bytes: HIGH_WATERMARK_BYTES });
    assert.deepEqual(t.got.resyncs, ['lost'.length]);
  });
});

describe('SocketChannel dispose', () => {
  it('stops its timers, terminates the socket and stops reading it', () => {
    const t = setup();
    t.channel.output(Buffer.alloc(HIGH_WATERMARK_BYTES));
    t.channel.output(Buffer.from('lost'));
    t.channel.dispose();
    t.channel.dispose();
    assert.equal(t.timers.armed, 0);
    assert.equal(t.socket.terminated, 1);
    assert.equal(t.socket.listenerCount('message'), 0);
    t.socket.emit('close', 1006);
    assert.equal(t.got.gone, 1, 'the close after the terminate is still reported');
  });
});
