// The prepared-frame adapter against the real ws on loopback: what a client receives is exactly
// what was prepared, in order with ws's own sends, and ws's own framing agrees byte for byte.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { PreparedFrame, frameHeader } from '../viewers/preparedFrame.js';
import { preparedText, sendPrepared, writePrepared } from './framedWrite.js';

/** ws's Sender.frame, which @types/ws does not declare: the reference the header is checked against. */
type FrameFunction = (data: Buffer, options: Record<string, unknown>) => Buffer[];
const wsModule = createRequire(import.meta.url)('ws') as { Sender: { frame: FrameFunction } };
const wsSender = wsModule.Sender;

/** Sizes at each boundary of the three length encodings. */
const SIZES = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];

async function pair(t: TestContext, perMessageDeflate = false) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as AddressInfo;
  const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate });
  const received: { data: Buffer; binary: boolean }[] = [];
  client.on('message', (data, binary) => received.push({ data: data as Buffer, binary }));
  await new Promise<void>((resolve) => client.once('open', resolve));
  const server = await accepted;
  t.after(() => {
    client.terminate();
    wss.close();
  });
  const receivedCount = async (count: number) => {
    while (received.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { server, client, received, receivedCount };
}

describe('prepared frames', () => {
  it('have the header ws itself builds, for every length encoding', () => {
    for (const size of SIZES) {
      for (const kind of ['binary', 'text'] as const) {
        const payload = Buffer.alloc(size, 0x61);
        const [reference] = wsSender.frame(payload, {
          fin: true,
          rsv1: false,
          opcode: kind === 'binary' ? 2 : 1,
          mask: false,
          readOnly: true,
        });
        assert.deepEqual(frameHeader(size, kind), reference, `${kind} ${size}`);
        assert.equal(new PreparedFrame(payload, kind).wire.length, (reference?.length ?? 0) + size);
      }
    }
  });

  it('reach a real client exactly, interleaved in order with ws.send', async (t) => {
    const { server, received, receivedCount } = await pair(t);
    const expected: { data: Buffer; binary: boolean }[] = [];
    for (const size of SIZES) {
      const payload = Buffer.alloc(size, size % 251);
      assert.ok(writePrepared(server, new PreparedFrame(payload)));
      server.send(Buffer.from(`after ${size}`), { binary: true });
      expected.push(
        { data: payload, binary: true },
        { data: Buffer.from(`after ${size}`), binary: true },
      );
    }
    sendPrepared(server, preparedText('{"type":"presence","é":1}'));
    expected.push({ data: Buffer.from('{"type":"presence","é":1}'), binary: false });
    await receivedCount(expected.length);
    assert.deepEqual(received, expected);
  });

  it('count in bufferedAmount like ws.send', async (t) => {
    const { server, client } = await pair(t);
    // Paused, the client stops reading: the server's writes stay in its socket's buffer.
    (client as unknown as { _socket: { pause(): void } })._socket.pause();
    const frame = new PreparedFrame(Buffer.alloc(4 * 1024 * 1024));
    const before = server.bufferedAmount;
    assert.ok(writePrepared(server, frame));
    const afterPrepared = server.bufferedAmount - before;
    server.send(frame.payload, { binary: true });
    const afterSend = server.bufferedAmount - before - afterPrepared;
    assert.ok(afterPrepared > 0);
    assert.equal(afterPrepared, afterSend);
  });

  it('fall back to ws.send when the socket is not one whose internals were checked', async (t) => {
    const { server, client } = await pair(t);
    assert.equal(writePrepared(client, new PreparedFrame(Buffer.from('masked'))), false);
    const fake = { readyState: 1, OPEN: 1, extensions: '', sent: [] as Buffer[] };
    const send = (data: Buffer) => fake.sent.push(data);
    const fakeWs = { ...fake, send } as unknown as WebSocket;
    sendPrepared(fakeWs, new PreparedFrame(Buffer.from('to a fake')));
    assert.deepEqual(fake.sent, [Buffer.from('to a fake')]);
    server.close();
    assert.equal(writePrepared(server, new PreparedFrame(Buffer.from('closing'))), false);
  });

  it('fall back when permessage-deflate was negotiated', async (t) => {
    const { server, received, receivedCount } = await pair(t, true);
    assert.notEqual(server.extensions, '');
    const frame = new PreparedFrame(Buffer.from('compressed by ws'));
    assert.equal(writePrepared(server, frame), false);
    sendPrepared(server, frame);
    await receivedCount(1);
    assert.deepEqual(received, [{ data: Buffer.from('compressed by ws'), binary: true }]);
  });

  it('encode a text message once for a run of sockets', () => {
    const text = JSON.stringify({ type: 'presence', clients: [] });
    assert.equal(preparedText(text), preparedText(text));
    assert.notEqual(preparedText(`${text} `), preparedText(text));
  });
});
