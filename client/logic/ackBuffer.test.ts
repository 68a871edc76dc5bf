// Unit tests for AckBuffer: chunked acks, the delayed flush of a tail, and disposal.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACK_CHUNK_BYTES } from '../../shared/flowControl.js';
import { ManualTimers } from '../../shared/timers.js';
import { ACK_FLUSH_DELAY_MS, AckBuffer } from './ackBuffer.js';

function setup(chunk = ACK_CHUNK_BYTES, delay = ACK_FLUSH_DELAY_MS) {
  const sent: number[] = [];
  const timers = new ManualTimers();
  const buffer = new AckBuffer((bytes) => sent.push(bytes), timers, chunk, delay);
  return { sent, timers, buffer };
}

describe('AckBuffer', () => {
  it('acks as soon as a whole chunk has been processed', () => {
    const { sent, timers, buffer } = setup(100);
    buffer.processed(60);
    assert.deepEqual(sent, []);
    buffer.processed(50);
    assert.deepEqual(sent, [110]);
    assert.equal(buffer.unreported, 0);
    assert.equal(timers.armed, 0, 'a flush cancels the pending timer');
  });

  it('acks a single write larger than a chunk at once', () => {
    const { sent, buffer } = setup(100);
    buffer.processed(1000);
    assert.deepEqual(sent, [1000]);
  });

  it('acks the tail of a burst after the flush delay', () => {
    const { sent, timers, buffer } = setup(100, 50);
    buffer.processed(10);
    buffer.processed(5);
    timers.advance(49);
    assert.deepEqual(sent, []);
    timers.advance(1);
    assert.deepEqual(sent, [15]);
    assert.equal(timers.armed, 0);
  });

  it('does not postpone the flush while small writes keep coming', () => {
    const { sent, timers, buffer } = setup(1000, 50);
    for (let i = 0; i < 10; i++) {
      buffer.processed(1);
      timers.advance(10);
    }
    assert.deepEqual(sent, [5, 5]);
  });

  it('reports every processed byte exactly once', () => {
    const { sent, timers, buffer } = setup(ACK_CHUNK_BYTES);
    let total = 0;
    for (let i = 0; i < 500; i++) {
      const bytes = (i * 7919) % 4096;
      total += bytes;
      buffer.processed(bytes);
      if (i % 50 === 0) timers.advance(ACK_FLUSH_DELAY_MS);
    }
    timers.advance(ACK_FLUSH_DELAY_MS);
    assert.equal(
      sent.reduce((a, b) => a + b, 0),
      total,
    );
    assert.ok(sent.every((bytes) => bytes > 0));
  });

  it('ignores zero and negative counts', () => {
    const { sent, timers, buffer } = setup(100);
    buffer.processed(0);
    buffer.processed(-5);
    assert.equal(timers.armed, 0);
    buffer.flush();
    assert.deepEqual(sent, []);
  });

  it('reports nothing after dispose, even from late write callbacks', () => {
    const { sent, timers, buffer } = setup(100, 50);
    buffer.processed(10);
    buffer.dispose();
    assert.equal(timers.armed, 0);
    buffer.processed(500);
    timers.advance(100);
    buffer.flush();
    assert.deepEqual(sent, []);
  });
});
