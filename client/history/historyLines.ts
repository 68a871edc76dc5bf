// The lines of one history snapshot the view holds: a contiguous run, grown at either end by pages.

import type { HistoryPage } from '../../shared/api/history.js';

/** Resets every colour and attribute, so nothing leaks past the last line written. */
export const SGR_RESET = '\x1b[0m';

/** xterm.js wants both: a bare `\n` moves down without returning to the first column. */
const LINE_BREAK = '\r\n';

/** Matches the escape sequences a captured line carries (SGR, mostly): they take no cells. */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-9;:?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** What extending the run changed for the view. */
export interface Extension {
  /** Lines already shown changed: write everything again. */
  rerender: boolean;
  /** Otherwise the lines to write after those shown. */
  appended: readonly string[];
  /** How many more lines there are than before (never below 0 when re-rendering). */
  added: number;
}

/**
 * Lines [from, from + lines.length) of snapshot `snapshot`, which had `total` lines when last
 * asked. A page that does not touch the run (another snapshot, a gap) is refused: the caller
 * starts again rather than show history with a hole in it.
 */
export class HistoryLines {
  private run: string[];
  private first: number;
  private count: number;
  readonly snapshot: string;
  readonly truncated: boolean;

  constructor(page: HistoryPage) {
    this.snapshot = page.snapshot;
    this.truncated = page.truncated;
    this.run = [...page.lines];
    this.first = page.from;
    this.count = page.total;
  }

  get lines(): readonly string[] {
    return this.run;
  }

  /** The snapshot's index of the first line held. */
  get from(): number {
    return this.first;
  }

  /** One past the last line held: where a request for newer lines starts (`after`). */
  get end(): number {
    return this.first + this.run.length;
  }

  get total(): number {
    return this.count;
  }

  /** Older lines exist in the snapshot that are not held yet. */
  get hasOlder(): boolean {
    return this.first > 0;
  }

  /** The snapshot grew past what is held (asked for with `after`). */
  get hasNewer(): boolean {
    return this.end < this.count;
  }

  /** Adds an older page that ends where the run starts; returns how many lines it added. */
  prepend(page: HistoryPage): number {
    this.check(page);
    if (page.from + page.lines.length !== this.first) throw new Error('older page leaves a gap');
    this.run = [...page.lines, ...this.run];
    this.first = page.from;
    this.count = Math.max(this.count, page.total);
    return page.lines.length;
  }

  /**
   * Where newer lines are asked from: the snapshot's last screenful (`rows`, the pane's) may
   * still change (docs/history.md, the snapshot model), so it is asked for again each time.
   */
  newerFrom(rows: number): number {
    return Math.max(this.first, this.end - rows);
  }

  /**
   * Puts a newer page in place from its `from` on: the snapshot's last screenful is provisional
   * (a prompt being typed on, a program redrawing) and the gateway may have replaced it, with
   * more lines or fewer. Answers the lines to write after those shown, or `rerender` when lines
   * already shown changed.
   */
  extend(page: HistoryPage): Extension {
    this.check(page);
    if (page.from < this.first || page.from > this.end) throw new Error('newer page leaves a gap');
    const kept = page.from - this.first;
    const shown = this.run.slice(kept);
    const unchanged =
      page.lines.length >= shown.length && shown.every((line, i) => page.lines[i] === line);
    this.run = [...this.run.slice(0, kept), ...page.lines];
    this.count = page.total;
    const added = page.lines.length - shown.length;
    return unchanged
      ? { rerender: false, appended: page.lines.slice(shown.length), added }
      : { rerender: true, appended: [], added: Math.max(0, added) };
  }

  /** Everything held, as text for xterm.js: `\r\n` between lines, a reset at the end. */
  text(): string {
    return renderLines(this.run);
  }

  private check(page: HistoryPage): void {
    if (page.snapshot !== this.snapshot) throw new Error('page of another snapshot');
  }
}

/** Lines as terminal text: `\r\n` between them and a reset after the last. */
export function renderLines(lines: readonly string[]): string {
  return lines.join(LINE_BREAK) + SGR_RESET;
}

/** What follows text already written, to add `lines` after it: a line break first. */
export function renderAppended(lines: readonly string[]): string {
  return lines.length === 0 ? '' : LINE_BREAK + renderLines(lines);
}

/**
 * About how many terminal rows `lines` take at `cols` columns once xterm.js wraps them (a joined
 * line is wider than the pane): the scrollback the view needs so that nothing loaded falls off
 * its top. Counts UTF-16 units, which undercounts wide characters: the caller adds a margin.
 */
export function rowsNeeded(lines: readonly string[], cols: number): number {
  let rows = 0;
  for (const line of lines) {
    const width = line.replace(ESCAPES, '').length;
    rows += Math.max(1, Math.ceil(width / Math.max(1, cols)));
  }
  return rows;
}
