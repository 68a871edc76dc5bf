// Extends a snapshot with what the pane printed since it was taken. tmux 3.3 has no absolute line
// numbers, so the join is found by content: the snapshot's last screenful is provisional (a
// prompt being typed on, a full-screen app redrawing); its last stable lines are looked for as a
// consecutive run in a fresh tail capture, and everything after them comes from that capture.

import { withoutSgr } from './sgrState.js';

/**
 * A shorter run in common could be chance (empty lines, a repeated prompt): answering "moved on"
 * makes the view reload, which is always right, where a wrong join would show wrong history.
 */
export const MIN_OVERLAP_LINES = 3;

/** Keep the snapshot's lines before `from`, then append the fresh capture's lines from `start`. */
export interface Extension {
  from: number;
  start: number;
}

/** Whether fresh[p - o, p) equals the stable lines' last o (their text, whatever the colours). */
function joinsAt(stableTail: readonly string[], fresh: readonly string[], p: number): boolean {
  const overlap = Math.min(p, stableTail.length);
  if (overlap < Math.min(MIN_OVERLAP_LINES, stableTail.length)) return false;
  for (let back = 1; back <= overlap; back += 1) {
    if (fresh[p - back] !== stableTail[stableTail.length - back]) return false;
  }
  return overlap > 0;
}

/**
 * Where `fresh` (a capture of the pane's last lines, `freshRows` of them on its screen) continues
 * `old` (a snapshot whose last `oldRows` lines were on the screen); undefined when nothing is in
 * common (history moved on). Where repeated lines allow several joins, the one that assumes the
 * fewest new lines wins, preferring a join above the fresh screen (the usual case) to one on it
 * (the screen was cleared, or it scrolled less than a screenful).
 */
export function findExtension(
  old: readonly string[],
  oldRows: number,
  fresh: readonly string[],
  freshRows: number,
): Extension | undefined {
  const stable = Math.max(0, old.length - oldRows);
  if (stable === 0) return { from: 0, start: 0 };
  const stableTail = old.slice(Math.max(0, stable - fresh.length), stable).map(withoutSgr);
  const freshText = fresh.map(withoutSgr);
  const aboveScreen = Math.max(0, fresh.length - freshRows);
  for (let p = aboveScreen; p >= 1; p -= 1) {
    if (joinsAt(stableTail, freshText, p)) return { from: stable, start: p };
  }
  for (let p = fresh.length; p > aboveScreen; p -= 1) {
    if (joinsAt(stableTail, freshText, p)) return { from: stable, start: p };
  }
  return undefined;
}
