import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeTmuxServer } from '../tmux/fakeTmuxServer.js';
import { capturePane, captureLines, newestWithin } from './capture.js';

/** A fake capture-pane of `history` lines above a screen of `screen`, honouring -S -<n>. */
function fakePane(history: string[], screen: string[]) {
  const tmux = new FakeTmuxServer();
  tmux.answer('capture-pane', (args) => {
    const start = args[args.indexOf('-S') + 1] ?? '-';
    const kept =
      start === '-' ? history : history.slice(Math.max(0, history.length + Number(start)));
    return `${[...kept, ...screen].join('\n')}\n`;
  });
  return tmux;
}

const numbered = (count: number, width = 9) =>
  Array.from({ length: count }, (_, i) => `${i + 1}`.padStart(width, '0'));

describe('capturing a pane', () => {
  it('trims trailing spaces and drops trailing empty lines', () => {
    assert.deepEqual(captureLines('a  \n\n b \n   \n\n'), ['a', '', ' b']);
    assert.deepEqual(captureLines(''), []);
  });

  it('keeps the newest lines that fit', () => {
    assert.deepEqual(newestWithin(['aaa', 'bb', 'c'], 5), ['bb', 'c']);
    assert.deepEqual(newestWithin(['aaa'], 2), []);
  });

  it('captures everything with colours and joined lines, through the seam', async () => {
    const tmux = fakePane(numbered(3), ['$ ', '', '']);
    const capture = await capturePane(tmux, '%3', { maxBytes: 1000, knownHistory: 3 });
    assert.deepEqual(capture, { lines: [...numbered(3), '$'], truncated: false });
    assert.deepEqual(tmux.ran('capture-pane'), [
      ['capture-pane', '-p', '-e', '-J', '-t', '%3', '-S', '-', '-E', '-'],
    ]);
    assert.equal(tmux.commands[0]?.options.maxBytes, 2000);
  });

  it('over the bound, retries with fewer lines and keeps the newest that fit', async () => {
    // 1,000 lines of 10 bytes: 10 kB, over twice the 4 kB bound.
    const tmux = fakePane(numbered(1000), ['$']);
    const capture = await capturePane(tmux, '%3', { maxBytes: 4000, knownHistory: 1000 });
    assert.equal(capture.truncated, true);
    assert.equal(capture.lines.at(-1), '$');
    assert.equal(capture.lines.at(-2), numbered(1000).at(-1));
    assert.ok(capture.lines.join('\n').length < 4000);
    assert.ok(tmux.ran('capture-pane').length > 1, 'retried with -S');
    const starts = tmux.ran('capture-pane').map((args) => args[args.indexOf('-S') + 1]);
    assert.deepEqual(starts, ['-', '-500']);
  });

  it('leaves out the first line of a capture cut short by -S (it may be half a wrapped line)', async () => {
    const tmux = fakePane(numbered(10), ['$']);
    const capture = await capturePane(tmux, '%3', {
      historyLines: 4,
      maxBytes: 1000,
      knownHistory: 10,
    });
    assert.deepEqual(capture.lines, [...numbered(10).slice(7), '$']);
  });
});
