import assert from 'node:assert/strict';
import { test } from 'node:test';
import xtermHeadless from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import { HeadlessScreen } from './headlessScreen.js';

const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

const COLS = 30;
const ROWS = 8;

/** What a browser would show: every cell with its attributes, the cursor, the modes. */
async function rendered(chunks: (string | Uint8Array)[]): Promise<string> {
  const term = new Terminal({ cols: COLS, rows: ROWS, scrollback: 0, allowProposedApi: true });
  const serializer = new SerializeAddon();
  term.loadAddon(serializer);
  for (const chunk of chunks) term.write(chunk);
  await new Promise<void>((resolve) => term.write('', resolve));
  const buffer = term.buffer.active;
  const state = JSON.stringify({
    screen: serializer.serialize({ scrollback: 0 }),
    cursor: [buffer.cursorX, buffer.cursorY],
    modes: term.modes,
    // Not in the public API; the browser's cursor visibility is part of what must match.
    cursorHidden: (term as unknown as { _core: { coreService: { isCursorHidden: boolean } } })._core
      .coreService.isCursorHidden,
    type: buffer.type,
  });
  term.dispose();
  return state;
}

async function snapshotAfter(model: HeadlessScreen, bytes: string): Promise<Buffer> {
  model.write(Buffer.from(bytes, 'utf8'));
  return new Promise((resolve) => model.whenParsed(() => resolve(model.snapshot())));
}

/** Output shaped like tmux's: alternate screen, a scroll region, pens carried across writes. */
const TMUX_LIKE = [
  '\x1b[?1049h\x1b[H\x1b[2J',
  '\x1b[1;7r\x1b[7;1H',
  'first line\r\n\x1b[1;31mred and bold',
  '\r\nsecond \x1b[42mgreen bg\x1b[0m plain\r\n',
  'wide: 日本語 and é\r\n',
  // A status line as wide as the screen leaves the cursor pending a wrap at the last column.
  '\x1b[?25l\x1b[8;1H\x1b[7mstatus line as wide as screen!\x1b[27m\x1b[7;1H\x1b[34m',
  'blue after the status line\r\nand it scrolls\r\ninside the region\r\n',
  '\x1b[?2004h\x1b[?1h\x1b[3;5H\x1b[?25h',
  'ok',
];

/** A prompt above a status line as wide as the screen, with no scroll region (tmux at rest). */
const PROMPT_AND_STATUS = [
  '\x1b[?1049h\x1b[H\x1b[2Jtg$ ',
  `\x1b[8;1H\x1b[30;42m${'[main] 0:bash*'.padEnd(COLS)}\x1b[1;5H\x1b[0m`,
  'echo hi\r\nhi\r\ntg$ ',
];

for (const [name, stream] of Object.entries({ TMUX_LIKE, PROMPT_AND_STATUS })) {
  test(`snapshot then the rest equals the whole stream, at every split and end of ${name}`, async () => {
    for (let split = 0; split <= stream.length; split += 1) {
      const model = new HeadlessScreen(COLS, ROWS);
      const snapshot = await snapshotAfter(model, stream.slice(0, split).join(''));
      model.dispose();
      for (let end = split; end <= stream.length; end += 1) {
        const whole = await rendered(stream.slice(0, end));
        // The browser had something else on screen before: the snapshot must not depend on it.
        for (const garbage of ['\x1b[31mgarbage\x1b[5;10r\x1b[?25l', '\x1b[?1049h\x1b[?25h']) {
          const late = await rendered([garbage, snapshot, ...stream.slice(split, end)]);
          assert.equal(
            late,
            whole,
            `chunks 0-${split} by snapshot, then to ${end}, after ${garbage}`,
          );
        }
      }
    }
  });
}

test('the snapshot starts with CAN and a reset, whatever the screen holds', async () => {
  const model = new HeadlessScreen(COLS, ROWS);
  const snapshot = await snapshotAfter(model, 'text');
  assert.deepEqual([...snapshot.subarray(0, 3)], [0x18, 0x1b, 0x63]);
  model.dispose();
});

/** DECSTBM (set scroll region) with explicit bounds. */
const SCROLL_REGION = new RegExp(`${String.fromCharCode(0x1b)}\\[\\d+;\\d+r`);

test('a resize forgets the scroll region, as xterm.js and tmux do', async () => {
  const model = new HeadlessScreen(COLS, ROWS);
  await snapshotAfter(model, '\x1b[2;5r');
  model.resize(40, 10);
  const snapshot = (await snapshotAfter(model, 'x')).toString('utf8');
  assert.equal(model.cols, 40);
  assert.ok(!SCROLL_REGION.test(snapshot), 'no scroll region after a resize');
  model.dispose();
});

test('out-of-range scroll regions are ignored like a terminal ignores them', async () => {
  const model = new HeadlessScreen(COLS, ROWS);
  const snapshot = (await snapshotAfter(model, '\x1b[6;2r\x1b[0;0r')).toString('utf8');
  assert.ok(!SCROLL_REGION.test(snapshot));
  model.dispose();
});
