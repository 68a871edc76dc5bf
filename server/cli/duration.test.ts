import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and days', () => {
    assert.equal(parseDuration('90'), 90);
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('15m'), 900);
    assert.equal(parseDuration('2h'), 7200);
    assert.equal(parseDuration('7d'), 604800);
  });

  it('refuses anything else', () => {
    for (const text of ['', '0', '0h', '-1h', '2 hours', '1.5h', '2w', 'h', '99999999d', '1e3']) {
      assert.equal(parseDuration(text), undefined, text);
    }
  });
});
