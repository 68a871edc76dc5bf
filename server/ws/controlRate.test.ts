import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACK_CHUNK_BYTES } from '../../shared/flowControl.js';
import { CONTROL_BURST_SECONDS, ControlRate, isChunkAck } from './controlRate.js';

describe('ControlRate', () => {
  it('allows a burst of a few seconds of messages, then refuses until time passes', () => {
    const clock = { now: 0 };
    const rate = new ControlRate(10, () => clock.now);
    for (let i = 0; i < 10 * CONTROL_BURST_SECONDS; i += 1) assert.equal(rate.take(), true, `${i}`);
    assert.equal(rate.take(), false, 'the bucket is empty');
    clock.now += 500;
    for (let i = 0; i < 5; i += 1) assert.equal(rate.take(), true, 'half a second refills half');
    assert.equal(rate.take(), false);
  });

  it('never stores more than the burst', () => {
    const clock = { now: 0 };
    const rate = new ControlRate(10, () => clock.now);
    clock.now += 60_000;
    for (let i = 0; i < 10 * CONTROL_BURST_SECONDS; i += 1) rate.take();
    assert.equal(rate.take(), false);
  });

  it('keeps up with a steady stream at the rate, and refuses a flood', () => {
    const clock = { now: 0 };
    const rate = new ControlRate(50, () => clock.now);
    for (let tick = 0; tick < 1000; tick += 1) {
      clock.now += 20;
      assert.equal(rate.take(), true, `tick ${tick}`);
    }
    // 600 a second, as the red-team's viewers sent: refused within the burst's few seconds.
    let refusedAt: number | undefined;
    for (let i = 0; i < 600 * 10 && refusedAt === undefined; i += 1) {
      clock.now += 1000 / 600;
      if (!rate.take()) refusedAt = i;
    }
    assert.ok(refusedAt !== undefined && refusedAt < 600 * CONTROL_BURST_SECONDS, `${refusedAt}`);
  });
});

describe('isChunkAck', () => {
  it('is free only for a whole chunk that was really outstanding', () => {
    assert.equal(isChunkAck(ACK_CHUNK_BYTES, ACK_CHUNK_BYTES), true);
    assert.equal(isChunkAck(3 * ACK_CHUNK_BYTES, 5 * ACK_CHUNK_BYTES), true);
    assert.equal(isChunkAck(ACK_CHUNK_BYTES - 1, 5 * ACK_CHUNK_BYTES), false, 'a partial ack');
    assert.equal(isChunkAck(2 ** 31, 100), false, 'acking output never sent');
    assert.equal(isChunkAck(2 ** 31, 0), false);
  });
});
