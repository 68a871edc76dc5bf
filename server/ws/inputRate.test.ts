import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INPUT_BURST_SECONDS, InputRate } from './inputRate.js';

describe('InputRate', () => {
  it('allows a burst of a few seconds of input, then refuses until time passes', () => {
    const clock = { now: 0 };
    const rate = new InputRate(100, () => clock.now);
    assert.equal(rate.take(100 * INPUT_BURST_SECONDS), true, 'a paste within the burst');
    assert.equal(rate.take(1), false, 'the bucket is empty');
    clock.now += 500;
    assert.equal(rate.take(50), true, 'half a second refills half the rate');
    assert.equal(rate.take(1), false);
  });

  it('never stores more than the burst', () => {
    const clock = { now: 0 };
    const rate = new InputRate(100, () => clock.now);
    clock.now += 60_000;
    assert.equal(rate.take(100 * INPUT_BURST_SECONDS + 1), false);
    assert.equal(rate.take(100 * INPUT_BURST_SECONDS), true);
  });

  it('keeps up with steady typing at the rate', () => {
    const clock = { now: 0 };
    const rate = new InputRate(1000, () => clock.now);
    for (let second = 0; second < 100; second += 1) {
      clock.now += 1000;
      assert.equal(rate.take(1000), true, `second ${second}`);
    }
  });
});
