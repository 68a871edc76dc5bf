import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration } from './format.js';

describe('replay formatting', () => {
  it('shows durations as m:ss or h:mm:ss', () => {
    assert.deepEqual([0, 5.9, 61, 3599, 3600, 3723, -4].map(formatDuration), [
      '0:00',
      '0:05',
      '1:01',
      '59:59',
      '1:00:00',
      '1:02:03',
      '0:00',
    ]);
  });

  it('shows sizes in bytes, kB and MB', () => {
    assert.deepEqual([0, 999, 1000, 1500, 12_345, 50_000_000].map(formatBytes), [
      '0 bytes',
      '999 bytes',
      '1.0 kB',
      '1.5 kB',
      '12 kB',
      '50 MB',
    ]);
  });
});
