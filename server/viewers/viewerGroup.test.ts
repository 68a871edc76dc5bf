import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OUTPUT_COALESCE_MS } from '../tmux/outputBatcher.js';
import { groupCoalesceMs } from './viewerGroup.js';

test('a small group coalesces like one browser; a large one longer, up to a bound', () => {
  assert.equal(groupCoalesceMs(1), OUTPUT_COALESCE_MS);
  assert.equal(groupCoalesceMs(25), OUTPUT_COALESCE_MS);
  assert.equal(groupCoalesceMs(26), 2 * OUTPUT_COALESCE_MS);
  assert.equal(groupCoalesceMs(100), 4 * OUTPUT_COALESCE_MS);
  assert.equal(groupCoalesceMs(2000), 50);
});
