import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeadlessScreen } from './headlessScreen.js';
import { ScreenTable, type ScreenReply, type ScreenRequest } from './screenTable.js';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** A table whose snapshots are collected as text, keyed by request number. */
function table() {
  const snapshots = new Map<number, string>();
  const positions = new Map<number, number>();
  const screens = new ScreenTable((reply: ScreenReply) => {
    if (reply.type !== 'snapshot') return;
    snapshots.set(reply.request, Buffer.from(reply.bytes).toString());
    positions.set(reply.request, reply.position);
  });
  const settled = (request: number) =>
    new Promise<string>((resolve) => {
      const poll = () =>
        snapshots.has(request) ? resolve(snapshots.get(request)!) : setImmediate(poll);
      poll();
    });
  return { screens, settled, positions };
}

/** What a HeadlessScreen fed `text` in one go would snapshot. */
async function expected(
  cols: number,
  rows: number,
  chunks: (string | Uint8Array)[],
): Promise<string> {
  const screen = new HeadlessScreen(cols, rows);
  for (const chunk of chunks) screen.write(typeof chunk === 'string' ? bytes(chunk) : chunk);
  const text = await new Promise<string>((resolve) =>
    screen.whenParsed(() => resolve(screen.snapshot().toString())),
  );
  screen.dispose();
  return text;
}

test('a snapshot describes exactly the bytes written before it was asked for', async () => {
  const { screens, settled } = table();
  const requests: ScreenRequest[] = [
    { type: 'create', id: 1, cols: 20, rows: 4, writes: 0 },
    { type: 'write', id: 1, bytes: bytes('one\r\n\x1b[31mtwo') },
    { type: 'snapshot', id: 1, request: 1 },
    { type: 'write', id: 1, bytes: bytes('\r\nthree') },
    { type: 'snapshot', id: 1, request: 2 },
  ];
  for (const request of requests) screens.handle(request);
  assert.equal(await settled(1), await expected(20, 4, ['one\r\n\x1b[31mtwo']));
  assert.equal(await settled(2), await expected(20, 4, ['one\r\n\x1b[31mtwo', '\r\nthree']));
  screens.dispose();
});

test('a resize applies after the bytes written before it, not before them', async () => {
  const { screens, settled } = table();
  // Long enough that its parsing is not done in the write call itself.
  const before = `${'0123456789'.repeat(500)}\r\nend`;
  screens.handle({ type: 'create', id: 7, cols: 30, rows: 5, writes: 0 });
  screens.handle({ type: 'write', id: 7, bytes: bytes(before) });
  screens.handle({ type: 'resize', id: 7, cols: 12, rows: 3 });
  screens.handle({ type: 'write', id: 7, bytes: bytes('\r\nafter') });
  screens.handle({ type: 'snapshot', id: 7, request: 1 });
  const reference = new HeadlessScreen(30, 5);
  reference.write(bytes(before));
  await new Promise<void>((resolve) => reference.whenParsed(resolve));
  reference.resize(12, 3);
  reference.write(bytes('\r\nafter'));
  const want = await new Promise<string>((resolve) =>
    reference.whenParsed(() => resolve(reference.snapshot().toString())),
  );
  reference.dispose();
  assert.equal(await settled(1), want);
  screens.dispose();
});

test('screens are kept apart by id, and a disposed one answers empty', async () => {
  const { screens, settled } = table();
  screens.handle({ type: 'create', id: 1, cols: 10, rows: 2, writes: 0 });
  screens.handle({ type: 'create', id: 2, cols: 10, rows: 2, writes: 0 });
  screens.handle({ type: 'write', id: 1, bytes: bytes('first') });
  screens.handle({ type: 'write', id: 2, bytes: bytes('second') });
  screens.handle({ type: 'snapshot', id: 2, request: 1 });
  screens.handle({ type: 'snapshot', id: 1, request: 2 });
  screens.handle({ type: 'dispose', id: 1 });
  assert.match(await settled(1), /second/);
  assert.doesNotMatch(await settled(1), /first/);
  // Asked before the dispose, and after it: answered all the same, with nothing.
  assert.equal(await settled(2), '');
  screens.handle({ type: 'snapshot', id: 1, request: 3 });
  screens.handle({ type: 'write', id: 1, bytes: bytes('ignored') });
  assert.equal(await settled(3), '');
  assert.equal(screens.size, 1);
  screens.dispose();
  assert.equal(screens.size, 0);
});

test('a request the gateway never sends is a bug: it throws', () => {
  const { screens } = table();
  assert.throws(() => screens.handle({ type: 'bogus' } as unknown as ScreenRequest), /unknown/);
});

for (const [name, split] of [
  ['an escape sequence', ['line\r\n\x1b[1;3', '1mred\x1b[', 'K', ' after']],
  ['a UTF-8 character', ['wide: \xe6\x97', '\xa5 and more']],
] as const) {
  test(`a snapshot asked for inside ${name} is taken after it, at a later position`, async () => {
    const { screens, settled, positions } = table();
    const chunks = split.map((chunk) => Uint8Array.from(chunk, (char) => char.charCodeAt(0)));
    screens.handle({ type: 'create', id: 1, cols: 30, rows: 4, writes: 10 });
    screens.handle({ type: 'write', id: 1, bytes: chunks[0]! });
    screens.handle({ type: 'snapshot', id: 1, request: 1 });
    for (const chunk of chunks.slice(1)) screens.handle({ type: 'write', id: 1, bytes: chunk });
    const snapshot = await settled(1);
    const position = positions.get(1)!;
    assert.ok(position > 11, `position ${position}`);
    // A fresh terminal: the snapshot, then the writes after its position, is the whole stream.
    const rest = chunks.slice(position - 10);
    assert.equal(await expected(30, 4, [snapshot, ...rest]), await expected(30, 4, chunks));
    screens.dispose();
  });
}
