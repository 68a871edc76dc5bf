import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_BURST_SECONDS, ControlRate, MAX_ACK_CREDIT } from './controlRate.js';

function drain(rate: ControlRate): void {
  while (rate.take('other'));
}

describe('ControlRate', () => {
  it('allows a burst of a few seconds of messages, then refuses until time passes', () => {
    const clock = { now: 0 };
    const rate = new ControlRate(10, () => clock.now);
    for (let i = 0; i < 10 * CONTROL_BURST_SECONDS; i += 1) {
      assert.equal(rate.take('other'), true, `${i}`);
    }
    assert.equal(rate.take('other'), false, 'the bucket is empty');
    clock.now += 500;
    for (let i = 0; i < 5; i += 1) assert.equal(rate.take('other'), true, 'half a second: half');
    assert.equal(rate.take('other'), false);
  });

  it('never stores more than the burst', () => {
    const clock = { now: 0 };
    const rate = new ControlRate(10, () => clock.now);
    clock.now += 60_000;
    for (let i = 0; i < 10 * CONTROL_BURST_SECONDS; i += 1) rate.take('other');
    assert.equal(rate.take('other'), false);
  });

  it('keeps up with a steady stream at the rate, and refuses a flood within the burst', () => {
    const clock = { now: 0 };
    const rate = new ControlRate(50, () => clock.now);
    for (let tick = 0; tick < 1000; tick += 1) {
      clock.now += 20;
      assert.equal(rate.take('other'), true, `tick ${tick}`);
    }
    // 600 a second, as the red team's viewers sent.
    let refusedAt: number | undefined;
    for (let i = 0; i < 600 * 10 && refusedAt === undefined; i += 1) {
      clock.now += 1000 / 600;
      if (!rate.take('other')) refusedAt = i;
    }
    assert.ok(refusedAt !== undefined && refusedAt < 600 * CONTROL_BURST_SECONDS, `${refusedAt}`);
  });

  it('lets every output frame be acknowledged for free, and no more', () => {
    const rate = new ControlRate(10, () => 0);
    drain(rate);
    for (let i = 0; i < 300; i += 1) rate.frameSent();
    for (let i = 0; i < 300; i += 1) assert.equal(rate.take('ack'), true, `ack ${i}`);
    assert.equal(rate.take('ack'), false, 'an ack for no frame costs a token');
    rate.frameSent();
    assert.equal(rate.take('other'), false, 'the credit is for acks only');
    assert.equal(rate.take('ack'), true);
  });

  it('keeps a bounded credit of acks', () => {
    const rate = new ControlRate(10, () => 0);
    drain(rate);
    for (let i = 0; i < 10 * MAX_ACK_CREDIT; i += 1) rate.frameSent();
    let free = 0;
    while (rate.take('ack')) free += 1;
    assert.equal(free, MAX_ACK_CREDIT);
  });
});
