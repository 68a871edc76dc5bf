import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualTimers } from '../../shared/timers.js';
import { cutToBytes, pageOf } from './pages.js';
import { SnapshotStore } from './snapshots.js';

const lines = ['aaaa', 'bbbb', 'cccc', 'dddd'];

describe('history pages', () => {
  it('cuts to whole lines from the side asked, keeping at least one', () => {
    const all = { start: 0, end: 4 };
    assert.deepEqual(cutToBytes(lines, all, 100, 'newest'), all);
    assert.deepEqual(cutToBytes(lines, all, 10, 'newest'), { start: 2, end: 4 });
    assert.deepEqual(cutToBytes(lines, all, 10, 'oldest'), { start: 0, end: 2 });
    assert.deepEqual(cutToBytes(lines, all, 1, 'oldest'), { start: 0, end: 1 });
    assert.deepEqual(cutToBytes(lines, { start: 2, end: 2 }, 1, 'oldest'), { start: 2, end: 2 });
  });

  it('starts a page with the attributes in force at its first line', () => {
    const store = new SnapshotStore(1_000_000, new ManualTimers());
    const owner = { login: 'a', session: 'main', pane: '%1' };
    const snapshot = store.add(owner, {
      lines: ['\x1b[32mg', 'still green', 'x'],
      rows: 1,
      truncated: true,
    });
    const page = pageOf(snapshot, { start: 1, end: 3 }, 100, 'newest');
    assert.deepEqual(page, {
      snapshot: snapshot.id,
      total: 3,
      from: 1,
      lines: ['\x1b[0;32mstill green', 'x'],
      truncated: true,
    });
    assert.deepEqual(pageOf(snapshot, { start: 0, end: 1 }, 100, 'newest').lines, ['\x1b[32mg']);
    store.dispose();
  });
});
