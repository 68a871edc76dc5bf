import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_TRACKED_SOURCES,
  OVERFLOW_SOURCE,
  REFUSALS_WRITTEN_PER_INTERVAL,
  REFUSAL_INTERVAL_MS,
  RefusalFlood,
} from './refusalFlood.js';

describe('RefusalFlood', () => {
  it('writes the first refusals of an address one by one and counts the rest', () => {
    const flood = new RefusalFlood();
    const written = Array.from({ length: 3000 }, () =>
      flood.admit('login-failed', undefined, '10.0.0.1', 0),
    );
    assert.equal(written.filter(Boolean).length, REFUSALS_WRITTEN_PER_INTERVAL);
    assert.deepEqual(written.slice(0, REFUSALS_WRITTEN_PER_INTERVAL + 1), [
      ...Array<boolean>(REFUSALS_WRITTEN_PER_INTERVAL).fill(true),
      false,
    ]);
    assert.deepEqual(flood.drain(REFUSAL_INTERVAL_MS - 1), [], 'not before the interval ends');
    assert.deepEqual(flood.drain(REFUSAL_INTERVAL_MS), [
      {
        event: 'login-failed',
        reason: undefined,
        ip: '10.0.0.1',
        count: 3000 - REFUSALS_WRITTEN_PER_INTERVAL,
        since: 0,
      },
    ]);
    assert.equal(
      flood.admit('login-failed', undefined, '10.0.0.1', REFUSAL_INTERVAL_MS),
      true,
      'a new interval',
    );
  });

  it('keeps addresses and kinds of refusal apart, and says nothing of an address under the limit', () => {
    const flood = new RefusalFlood();
    for (let i = 0; i < REFUSALS_WRITTEN_PER_INTERVAL; i += 1) {
      assert.equal(flood.admit('login-failed', undefined, 'a', 0), true);
      assert.equal(flood.admit('upgrade-denied', 'origin', 'a', 0), true);
      assert.equal(flood.admit('upgrade-denied', 'unauthenticated', 'a', 0), true);
      assert.equal(flood.admit('login-failed', undefined, 'b', 0), true);
    }
    assert.equal(flood.admit('login-failed', undefined, 'a', 0), false);
    assert.equal(flood.admit('upgrade-denied', 'origin', 'a', 0), false);
    const summaries = flood.drain(0, true);
    assert.deepEqual(summaries, [
      { event: 'login-failed', reason: undefined, ip: 'a', count: 1, since: 0 },
      { event: 'upgrade-denied', reason: 'origin', ip: 'a', count: 1, since: 0 },
    ]);
    assert.equal(flood.trackedSources, 0, 'drained windows are forgotten');
  });

  it('counts a flood from many addresses under one key past the tracking limit', () => {
    const flood = new RefusalFlood();
    for (let i = 0; i < MAX_TRACKED_SOURCES; i += 1)
      flood.admit('login-failed', undefined, `ip${i}`, 0);
    assert.equal(flood.admit('login-failed', undefined, 'one-more', 0), false);
    assert.equal(flood.admit('login-failed', undefined, 'and-another', 0), false);
    assert.equal(flood.trackedSources, MAX_TRACKED_SOURCES + 1, 'memory stays bounded');
    const overflow = flood.drain(0, true).find((summary) => summary.ip === OVERFLOW_SOURCE);
    assert.equal(overflow?.count, 2);
  });
});
