// The history section: how much of a pane's history one request, one snapshot and the whole
// gateway hold (docs/history.md). Each value's default is written here, once.

import * as z from 'zod';
import { MAX_PAGE_LINES } from '../../shared/api/history.js';
import { rule } from './rules.js';

const MIB = 1024 * 1024;

function wholeNumber(min: number, max: number) {
  const text = `must be a whole number from ${min} to ${max}`;
  return z.int(rule(text)).min(min, text).max(max, text);
}

/**
 * 2,000 lines a page is tmux's own default history-limit, a screenful of scrolling many times
 * over, and about 0.2 MB of coloured text; a page never goes over 1 MiB even of very wide lines.
 * A snapshot holds up to 16 MiB (about 170,000 coloured lines of 80 columns); all snapshots
 * together 256 MiB, the oldest unused dropped first. A view takes one snapshot when it opens and
 * pages through it: 120 requests a minute are two a second, far more than scrolling needs.
 */
export const historySchema = z.strictObject(
  {
    /** The most lines one page may ask for. */
    pageLines: wholeNumber(100, MAX_PAGE_LINES).default(2000),
    /** The most bytes of lines one page answers; a page with more is cut to whole lines. */
    pageBytes: wholeNumber(64 * 1024, 64 * MIB).default(MIB),
    /** The most bytes one snapshot holds: older lines are left out of it (it says so). */
    snapshotBytes: wholeNumber(MIB, 1024 * MIB).default(16 * MIB),
    /** The most bytes all snapshots hold together; the least recently used go first. */
    totalSnapshotBytes: wholeNumber(MIB, 16 * 1024 * MIB).default(256 * MIB),
    /** History requests one login may make per minute, on average; past it: 429. */
    requestsPerMinute: wholeNumber(6, 100_000).default(120),
  },
  rule(
    'must be a mapping with pageLines, pageBytes, snapshotBytes, totalSnapshotBytes and requestsPerMinute',
  ),
);
