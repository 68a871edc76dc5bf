// Cuts a page out of a snapshot: at most so many lines and bytes, whole lines only (at least one),
// its first line starting with the colours and attributes in force there.

import type { HistoryPage } from '../../shared/api/history.js';
import { sgrPrefix } from './sgrState.js';
import type { Snapshot } from './snapshots.js';

function lineBytes(line: string): number {
  return Buffer.byteLength(line) + 1;
}

/**
 * Lines [start, end) of `lines`, cut to `maxBytes` from the older side (`keep` 'newest') or from
 * the newer side (`keep` 'oldest'), never below one line. Returns the range kept.
 */
export function cutToBytes(
  lines: readonly string[],
  range: { start: number; end: number },
  maxBytes: number,
  keep: 'newest' | 'oldest',
): { start: number; end: number } {
  let { start, end } = range;
  let bytes = 0;
  for (let index = start; index < end; index += 1) bytes += lineBytes(lines[index] ?? '');
  while (bytes > maxBytes && end - start > 1) {
    if (keep === 'newest') {
      bytes -= lineBytes(lines[start] ?? '');
      start += 1;
    } else {
      end -= 1;
      bytes -= lineBytes(lines[end] ?? '');
    }
  }
  return { start, end };
}

/** The page of `snapshot` for `range`, after the byte cut. */
export function pageOf(
  snapshot: Snapshot,
  range: { start: number; end: number },
  maxBytes: number,
  keep: 'newest' | 'oldest',
): HistoryPage {
  const { start, end } = cutToBytes(snapshot.lines, range, maxBytes, keep);
  const lines = snapshot.lines.slice(start, end);
  const prefix = sgrPrefix(snapshot.stateAt(start));
  if (lines.length > 0 && prefix !== '') lines[0] = `${prefix}${lines[0] ?? ''}`;
  return {
    snapshot: snapshot.id,
    total: snapshot.lines.length,
    from: start,
    lines,
    truncated: snapshot.truncated,
  };
}
