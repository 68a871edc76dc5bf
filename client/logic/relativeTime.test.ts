// Unit tests for timeUntil: link expiries in two units, rounded down, never negative.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { timeUntil } from './relativeTime.js';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('timeUntil', () => {
  it('says "in 1 h 59 min" for a 2 h link created a few seconds ago', () => {
    assert.equal(timeUntil(NOW + 2 * HOUR - 5 * SECOND, NOW), 'in 1 h 59 min');
  });

  it('drops a zero second unit', () => {
    assert.equal(timeUntil(NOW + 2 * HOUR, NOW), 'in 2 h');
    assert.equal(timeUntil(NOW + 7 * DAY, NOW), 'in 7 d');
    assert.equal(timeUntil(NOW + 15 * MINUTE, NOW), 'in 15 min');
  });

  it('uses days and hours beyond a day, hours and minutes below', () => {
    assert.equal(timeUntil(NOW + 7 * DAY - MINUTE, NOW), 'in 6 d 23 h');
    assert.equal(timeUntil(NOW + DAY + 30 * MINUTE, NOW), 'in 1 d');
    assert.equal(timeUntil(NOW + 23 * HOUR + 59 * MINUTE + 59 * SECOND, NOW), 'in 23 h 59 min');
  });

  it('rounds down to whole minutes, and says so under a minute', () => {
    assert.equal(timeUntil(NOW + MINUTE + 59 * SECOND, NOW), 'in 1 min');
    assert.equal(timeUntil(NOW + 59 * SECOND, NOW), 'in less than a minute');
    assert.equal(timeUntil(NOW + 1, NOW), 'in less than a minute');
  });

  it('says expired at and after the moment', () => {
    assert.equal(timeUntil(NOW, NOW), 'expired');
    assert.equal(timeUntil(NOW - HOUR, NOW), 'expired');
  });
});
