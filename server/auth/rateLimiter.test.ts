import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  FailureRateLimiter,
  IN_FLIGHT_RETRY_SECONDS,
  LOGIN_FAILURES_PER_IP,
  LOGIN_FAILURES_PER_USER,
  addressKey,
} from './rateLimiter.js';

const MINUTE = 60_000;

function limiter(maxFailures = 3, windowMs = 10 * MINUTE, maxKeys?: number) {
  const clock = { now: 1_000_000 };
  const limits = new FailureRateLimiter({ maxFailures, windowMs }, () => clock.now, maxKeys);
  return { limits, clock };
}

describe('FailureRateLimiter', () => {
  it('allows a key until it reaches the limit, then refuses it', () => {
    const { limits } = limiter(3);
    for (let i = 0; i < 3; i++) {
      assert.equal(limits.retryAfterSeconds('a'), 0);
      limits.recordFailure('a');
    }
    assert.equal(limits.retryAfterSeconds('a'), 600);
    assert.equal(limits.retryAfterSeconds('b'), 0, 'other keys are unaffected');
  });

  it('counts Retry-After down, rounding up to whole seconds', () => {
    const { limits, clock } = limiter(2);
    limits.recordFailure('a');
    clock.now += 2 * MINUTE;
    limits.recordFailure('a');
    assert.equal(limits.retryAfterSeconds('a'), 480, 'until the first failure leaves the window');
    clock.now += 7 * MINUTE + 500;
    assert.equal(limits.retryAfterSeconds('a'), 60);
    clock.now += 59_000;
    assert.equal(limits.retryAfterSeconds('a'), 1);
    clock.now += 499;
    assert.equal(limits.retryAfterSeconds('a'), 1);
    clock.now += 1;
    assert.equal(limits.retryAfterSeconds('a'), 0);
  });

  it('slides: after the oldest failure expires, one more attempt is allowed', () => {
    const { limits, clock } = limiter(2);
    limits.recordFailure('a');
    clock.now += 5 * MINUTE;
    limits.recordFailure('a');
    clock.now += 5 * MINUTE;
    assert.equal(limits.retryAfterSeconds('a'), 0);
    limits.recordFailure('a');
    assert.equal(limits.retryAfterSeconds('a'), 300, 'the second failure is still in the window');
  });

  it('allows the key again, and forgets it, once the window has passed', () => {
    const { limits, clock } = limiter(1);
    limits.recordFailure('a');
    assert.equal(limits.retryAfterSeconds('a'), 600);
    clock.now += 10 * MINUTE;
    assert.equal(limits.retryAfterSeconds('a'), 0);
    assert.equal(limits.size, 0, 'expired entries are pruned');
  });

  it('clears a key on reset', () => {
    const { limits } = limiter(1);
    limits.recordFailure('a');
    limits.recordFailure('b');
    limits.reset('a');
    assert.equal(limits.retryAfterSeconds('a'), 0);
    assert.equal(limits.retryAfterSeconds('b'), 600);
  });

  it('tracks at most maxKeys keys, evicting the one that failed longest ago', () => {
    const { limits, clock } = limiter(1, 10 * MINUTE, 3);
    for (const key of ['a', 'b', 'c']) {
      limits.recordFailure(key);
      clock.now += 1000;
    }
    limits.recordFailure('a'); // a is now the most recent
    limits.recordFailure('d');
    assert.equal(limits.size, 3);
    assert.equal(limits.retryAfterSeconds('b'), 0, 'b was evicted');
    for (const key of ['a', 'c', 'd']) assert.ok(limits.retryAfterSeconds(key) > 0, key);
    for (let i = 0; i < 1000; i++) limits.recordFailure(`spray-${i}`);
    assert.equal(limits.size, 3);
  });

  it('counts attempts in flight, so concurrent attempts cannot overtake the limit', () => {
    const { limits } = limiter(3);
    let admitted = 0;
    for (let i = 0; i < 100; i++) {
      if (limits.retryAfterSeconds('a') > 0) continue;
      limits.begin('a');
      admitted += 1;
    }
    assert.equal(admitted, 3, 'only as many as the limit are checked at once');
    assert.equal(limits.retryAfterSeconds('a'), IN_FLIGHT_RETRY_SECONDS, 'they may still succeed');
    for (let i = 0; i < 3; i++) limits.settle('a', true);
    assert.equal(limits.retryAfterSeconds('a'), 600, 'they failed: the full window');
  });

  it('frees the place of an attempt that did not fail', () => {
    const { limits } = limiter(2);
    limits.begin('a');
    limits.begin('a');
    assert.ok(limits.retryAfterSeconds('a') > 0);
    limits.settle('a', false);
    assert.equal(limits.retryAfterSeconds('a'), 0);
    limits.settle('a', true);
    limits.reset('a');
    assert.equal(limits.retryAfterSeconds('a'), 0);
  });

  it('has login limits that are stricter per user than per address', () => {
    assert.ok(LOGIN_FAILURES_PER_USER.maxFailures < LOGIN_FAILURES_PER_IP.maxFailures);
    assert.equal(LOGIN_FAILURES_PER_IP.windowMs, 15 * MINUTE);
  });
});

describe('addressKey', () => {
  it('keeps IPv4 addresses, unwrapping IPv4-mapped IPv6', () => {
    assert.equal(addressKey('192.0.2.7'), '192.0.2.7');
    assert.equal(addressKey('::ffff:192.0.2.7'), '192.0.2.7');
  });

  it('groups IPv6 addresses by /64', () => {
    assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:0DB8:0001:0002:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
  });

  it('passes anything else through', () => {
    assert.equal(addressKey('unknown'), 'unknown');
  });
});
