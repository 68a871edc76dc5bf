// Unit tests for reconnectDelay: growth, the cap, and the jitter range.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, reconnectDelay } from './backoff.js';

describe('reconnectDelay', () => {
  it('doubles per attempt, half fixed and half random', () => {
    assert.equal(
      reconnectDelay(0, () => 0),
      BACKOFF_BASE_MS / 2,
    );
    assert.equal(
      reconnectDelay(0, () => 1),
      BACKOFF_BASE_MS,
    );
    assert.equal(
      reconnectDelay(2, () => 1),
      BACKOFF_BASE_MS * 4,
    );
  });

  it('never exceeds the cap, however many attempts failed', () => {
    for (const attempt of [10, 50, 1000]) {
      assert.ok(reconnectDelay(attempt, () => 1) <= BACKOFF_MAX_MS);
      assert.ok(reconnectDelay(attempt, () => 0) >= BACKOFF_MAX_MS / 2);
    }
  });
});
