// Unit tests for the share dialog's choices: lifetimes the gateway accepts, max uses, uses left.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_GUEST_HISTORY,
  DEFAULT_TTL_SECONDS,
  MAX_LINK_TTL_SECONDS,
  MIN_LINK_TTL_SECONDS,
  parseMaxUses,
  TTL_OPTIONS,
  usesLeftText,
} from './shareOptions.js';

describe('TTL_OPTIONS', () => {
  it('offers 15 min to 7 days, shortest first, all within the gateway limits', () => {
    assert.deepEqual(
      TTL_OPTIONS.map((o) => o.label),
      ['15 min', '1 h', '2 h', '8 h', '24 h', '7 days'],
    );
    assert.deepEqual(
      TTL_OPTIONS.map((o) => o.seconds),
      [900, 3600, 7200, 28800, 86400, 604800],
    );
    for (const option of TTL_OPTIONS) {
      assert.ok(Number.isInteger(option.seconds));
      assert.ok(option.seconds >= MIN_LINK_TTL_SECONDS && option.seconds <= MAX_LINK_TTL_SECONDS);
    }
  });

  it('defaults to 2 h, which is one of the options', () => {
    assert.equal(DEFAULT_TTL_SECONDS, 7200);
    assert.ok(TTL_OPTIONS.some((o) => o.seconds === DEFAULT_TTL_SECONDS));
  });
});

describe('parseMaxUses', () => {
  it('reads empty (or blank) as unlimited', () => {
    assert.deepEqual(parseMaxUses(''), { ok: true, value: null });
    assert.deepEqual(parseMaxUses('  '), { ok: true, value: null });
  });

  it('accepts whole numbers from 1 to 100000', () => {
    assert.deepEqual(parseMaxUses('1'), { ok: true, value: 1 });
    assert.deepEqual(parseMaxUses(' 25 '), { ok: true, value: 25 });
    assert.deepEqual(parseMaxUses('100000'), { ok: true, value: 100_000 });
  });

  it('refuses zero, negatives, fractions, exponents, out of range and words', () => {
    for (const input of [
      '0',
      '-1',
      '1.5',
      '1e3',
      '100001',
      '99999999999999999999',
      'ten',
      '0x10',
    ]) {
      const result = parseMaxUses(input);
      assert.equal(result.ok, false, input);
      if (!result.ok) assert.match(result.message, /1 to 100,000/);
    }
  });
});

describe('usesLeftText', () => {
  it('says unlimited for null and counts otherwise', () => {
    assert.equal(usesLeftText(null), 'unlimited');
    assert.equal(usesLeftText(0), '0 uses left');
    assert.equal(usesLeftText(1), '1 use left');
    assert.equal(usesLeftText(12), '12 uses left');
  });
});

describe('DEFAULT_GUEST_HISTORY', () => {
  it('lets guests read history by default, as the gateway does for a link that does not say', () => {
    assert.equal(DEFAULT_GUEST_HISTORY, true);
  });
});
