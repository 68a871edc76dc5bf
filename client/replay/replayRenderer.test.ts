import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCast } from './castParser.js';
import { ReplayRenderer, type TerminalSink } from './replayRenderer.js';

const CAST = parseCast(
  [
    '{"version":2,"width":80,"height":24}',
    '[0,"o","a"]',
    '[1,"o","b"]',
    '[1,"m","walt"]',
    '[1,"i","x"]',
    '[2,"r","100x30"]',
    '[2,"o","c"]',
    '[3,"o","d"]',
  ].join('\n'),
);

/** A terminal that records what it is given; writes complete when `finish()` is called. */
function fakeSink() {
  const log: string[] = [];
  const waiting: Array<() => void> = [];
  const sink: TerminalSink = {
    write: (data, done) => {
      log.push(`write ${data}`);
      waiting.push(done);
    },
    resize: (cols, rows) => log.push(`resize ${cols}x${rows}`),
    reset: (cols, rows) => log.push(`reset ${cols}x${rows}`),
  };
  const finish = () => {
    while (waiting.length > 0) waiting.shift()?.();
  };
  return { sink, log, finish };
}

describe('ReplayRenderer', () => {
  it('starts from a reset terminal and writes output up to the time, resizing in order', () => {
    const { sink, log, finish } = fakeSink();
    const renderer = new ReplayRenderer(CAST, sink);
    renderer.renderTo(2);
    finish();
    assert.deepEqual(log, ['reset 80x24', 'write ab', 'resize 100x30', 'write c']);
    assert.equal(renderer.busy, false);
  });

  it('goes forward without starting over', () => {
    const { sink, log, finish } = fakeSink();
    const renderer = new ReplayRenderer(CAST, sink);
    renderer.renderTo(0.5);
    finish();
    renderer.renderTo(0.7);
    renderer.renderTo(3);
    finish();
    assert.deepEqual(log, ['reset 80x24', 'write a', 'write b', 'resize 100x30', 'write cd']);
  });

  it('going back resets after the write in hand and drops writes not handed over', () => {
    const { sink, log, finish } = fakeSink();
    const renderer = new ReplayRenderer(CAST, sink);
    renderer.renderTo(1); // "ab" is in the terminal's hands, not processed yet
    renderer.renderTo(3); // queued behind it: resize, "c", "d"
    renderer.renderTo(0); // back: those are dropped
    assert.deepEqual(log, ['reset 80x24', 'write ab']);
    assert.equal(renderer.busy, true);
    finish();
    finish();
    assert.deepEqual(log, ['reset 80x24', 'write ab', 'reset 80x24', 'write a']);
    assert.equal(renderer.busy, false);
  });

  it('does nothing once disposed', () => {
    const { sink, log } = fakeSink();
    const renderer = new ReplayRenderer(CAST, sink);
    renderer.dispose();
    renderer.renderTo(3);
    assert.deepEqual(log, []);
  });
});
