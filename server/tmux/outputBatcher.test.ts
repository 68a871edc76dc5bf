import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { OutputBatcher } from './outputBatcher.js';

function collect(delayMs = 5, maxBytes = 1024) {
  const frames: string[] = [];
  const batcher = new OutputBatcher((frame) => frames.push(frame.toString()), delayMs, maxBytes);
  return { frames, batcher };
}

describe('OutputBatcher', () => {
  it('coalesces reads that arrive close together into one frame', async () => {
    const { frames, batcher } = collect();
    batcher.push(Buffer.from('a'));
    batcher.push(Buffer.from('b'));
    batcher.push(Buffer.from('c'));
    assert.deepEqual(frames, []);
    await sleep(50);
    assert.deepEqual(frames, ['abc']);
  });

  it('sends a frame at once when it reaches the size limit', () => {
    const { frames, batcher } = collect(1000, 4);
    batcher.push(Buffer.from('ab'));
    batcher.push(Buffer.from('cd'));
    assert.deepEqual(frames, ['abcd']);
    batcher.dispose();
  });

  it('sends the first output after input at once (keystroke echo is never delayed)', () => {
    const { frames, batcher } = collect(1000);
    batcher.inputArrived();
    batcher.push(Buffer.from('x'));
    assert.deepEqual(frames, ['x']);
    batcher.push(Buffer.from('y'));
    assert.deepEqual(frames, ['x'], 'only the first read after input skips the wait');
    batcher.dispose();
  });

  it('flushes pending output when input arrives, keeping byte order', () => {
    const { frames, batcher } = collect(1000);
    batcher.push(Buffer.from('before'));
    batcher.inputArrived();
    batcher.push(Buffer.from('after'));
    assert.deepEqual(frames, ['before', 'after']);
    batcher.dispose();
  });

  it('sends nothing after dispose', async () => {
    const { frames, batcher } = collect();
    batcher.push(Buffer.from('lost'));
    batcher.dispose();
    batcher.push(Buffer.from('more'));
    await sleep(30);
    assert.deepEqual(frames, []);
  });
});
