import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findExtension } from './extend.js';

const numbered = (from: number, to: number, prefix = 'l') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const ROWS = 3;

/** The snapshot after applying the extension. */
function extended(old: string[], fresh: string[], rows = ROWS) {
  const join = findExtension(old, rows, fresh, rows);
  return join && [...old.slice(0, join.from), ...fresh.slice(join.start)];
}

describe('extending a snapshot', () => {
  it('appends what was printed since, replacing the provisional screen', () => {
    const old = [...numbered(1, 10), 'prompt$ typ'];
    const fresh = [...numbered(5, 10), 'prompt$ typed', ...numbered(11, 14), 'prompt$'];
    assert.deepEqual(extended(old, fresh), [
      ...numbered(1, 10),
      'prompt$ typed',
      ...numbered(11, 14),
      'prompt$',
    ]);
  });

  it('changes nothing when nothing was printed', () => {
    const old = numbered(1, 20);
    assert.deepEqual(extended(old, numbered(8, 20)), old);
  });

  it('matches lines by text, whatever their colours', () => {
    const old = ['\x1b[31ma', 'b', 'c', 'd', 'e', 's1', 's2', 's3'];
    const fresh = ['a', 'b', 'c', 'd', 'e', 's1', 's2', 's3', 'new'];
    assert.deepEqual(extended(old, fresh), [...old, 'new']);
  });

  it('assumes the fewest new lines among repeated identical lines, and never shrinks', () => {
    const old = Array.from({ length: 20 }, () => 'x');
    const fresh = Array.from({ length: 10 }, () => 'x');
    assert.deepEqual(extended(old, fresh), old);
    const more = [...Array.from({ length: 10 }, () => 'x'), 'y', 'x', 'x', 'x'];
    // The snapshot's last ROWS lines were provisional: the fresh screen replaces them.
    assert.deepEqual(extended(old, more), [...old.slice(0, 20 - ROWS), 'y', 'x', 'x', 'x']);
  });

  it('takes the fresh capture whole when the snapshot had no stable lines (empty history)', () => {
    assert.deepEqual(findExtension([], ROWS, ['a', 'b'], ROWS), { from: 0, start: 0 });
    assert.deepEqual(findExtension(['$'], ROWS, ['a', 'b', '$'], ROWS), { from: 0, start: 0 });
    assert.deepEqual(findExtension(['a'], ROWS, [], ROWS), { from: 0, start: 0 });
  });

  it('joins on the fresh screen when less than a screenful scrolled (the screen was cleared)', () => {
    const old = [...numbered(1, 10), 'p1', 'p2', 'p3'];
    const fresh = [...numbered(1, 10), 'new$'];
    assert.deepEqual(extended(old, fresh), [...numbered(1, 10), 'new$']);
  });

  it('says moved on when nothing is in common, or too little to be sure', () => {
    assert.equal(findExtension(numbered(1, 20), ROWS, numbered(100, 130), ROWS), undefined);
    assert.equal(
      findExtension(numbered(1, 20), ROWS, [...numbered(16, 17), ...numbered(100, 130)], ROWS),
      undefined,
    );
    assert.equal(findExtension(numbered(1, 20), ROWS, [], ROWS), undefined);
  });
});
