// Unit tests for the snapshot's lines the history view holds: pages at either end, the text.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryPage } from '../../shared/api/history.js';
import { HistoryLines, renderAppended, rowsNeeded, SGR_RESET } from './historyLines.js';

const SNAPSHOT = 'AAAAAAAAAAAAAAAAAAAAAA';

function page(from: number, count: number, total: number, snapshot = SNAPSHOT): HistoryPage {
  const lines = Array.from({ length: count }, (_, i) => `line ${String(from + i)}`);
  return { snapshot, total, from, lines, truncated: false };
}

describe('HistoryLines', () => {
  it('holds the last page of a new snapshot and knows older lines remain', () => {
    const held = new HistoryLines(page(3000, 2000, 5000));
    assert.equal(held.from, 3000);
    assert.equal(held.end, 5000);
    assert.equal(held.hasOlder, true);
    assert.equal(held.hasNewer, false);
  });

  it('prepends older pages in order until the snapshot starts', () => {
    const held = new HistoryLines(page(3000, 2000, 5000));
    assert.equal(held.prepend(page(1000, 2000, 5000)), 2000);
    assert.equal(held.prepend(page(0, 1000, 5000)), 1000);
    assert.equal(held.hasOlder, false);
    assert.deepEqual(held.lines.slice(0, 2), ['line 0', 'line 1']);
    assert.equal(held.lines.length, 5000);
    assert.ok(held.lines.every((line, i) => line === `line ${String(i)}`));
  });

  it('extends at its end with the lines that came after', () => {
    const held = new HistoryLines(page(0, 10, 10));
    assert.deepEqual(held.extend(page(10, 5, 15)), {
      rerender: false,
      appended: ['line 10', 'line 11', 'line 12', 'line 13', 'line 14'],
      added: 5,
    });
    assert.equal(held.end, 15);
    assert.equal(held.total, 15);
    assert.deepEqual(held.extend(page(15, 0, 15)), { rerender: false, appended: [], added: 0 });
  });

  it('asks for newer lines from the last screenful on, never before the lines held', () => {
    assert.equal(new HistoryLines(page(3000, 2000, 5000)).newerFrom(24), 4976);
    assert.equal(new HistoryLines(page(0, 10, 10)).newerFrom(24), 0);
  });

  it('re-asks the provisional last screen: unchanged lines only append the new ones', () => {
    const held = new HistoryLines(page(0, 10, 10));
    const extension = held.extend(page(6, 6, 12));
    assert.deepEqual(extension, { rerender: false, appended: ['line 10', 'line 11'], added: 2 });
    assert.ok(held.lines.every((line, i) => line === `line ${String(i)}`));
  });

  it('re-renders when the provisional screen was replaced, with more lines or fewer', () => {
    const held = new HistoryLines(page(0, 10, 10));
    const replaced = { ...page(8, 1, 9), lines: ['$ typed'] };
    assert.deepEqual(held.extend(replaced), { rerender: true, appended: [], added: 0 });
    assert.deepEqual(held.lines.slice(-2), ['line 7', '$ typed']);
    assert.equal(held.end, 9);
  });

  it('refuses a page of another snapshot or one that leaves a gap', () => {
    const held = new HistoryLines(page(100, 10, 110));
    assert.throws(() => held.prepend(page(50, 10, 110)), /gap/);
    assert.throws(() => held.extend(page(111, 1, 112)), /gap/);
    assert.throws(() => held.extend(page(99, 1, 112)), /gap/);
    assert.throws(() => held.extend(page(110, 1, 111, 'BBBBBBBBBBBBBBBBBBBBBB')), /snapshot/);
    assert.equal(held.lines.length, 10);
  });

  it('renders lines with \\r\\n between them and a reset at the end', () => {
    const held = new HistoryLines({
      snapshot: SNAPSHOT,
      total: 2,
      from: 0,
      lines: ['\x1b[31mred', 'plain'],
      truncated: false,
    });
    assert.equal(held.text(), `\x1b[31mred\r\nplain${SGR_RESET}`);
    assert.equal(renderAppended(['next']), `\r\nnext${SGR_RESET}`);
    assert.equal(renderAppended([]), '');
  });
});

describe('rowsNeeded', () => {
  it('counts a wrapped line as the rows it takes and an empty line as one', () => {
    assert.equal(rowsNeeded(['x'.repeat(300), '', 'short'], 80), 4 + 1 + 1);
  });

  it('does not count escape sequences as cells', () => {
    assert.equal(rowsNeeded([`\x1b[1;38;5;196m${'x'.repeat(80)}\x1b[0m`], 80), 1);
  });
});
