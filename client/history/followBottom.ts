// Where the reader is in the history view: following its bottom, or reading with "N new lines".

/**
 * The reader's place across re-renders and appends. At the bottom the view follows what arrives;
 * scrolled up, it keeps the place and counts the lines that arrived below.
 */
export class ReaderPlace {
  private unseen = 0;
  private following = true;

  /** Lines that arrived below while the reader was scrolled up ("N new lines"). */
  get newLines(): number {
    return this.unseen;
  }

  get atBottom(): boolean {
    return this.following;
  }

  /** The view scrolled: at the bottom again, everything below has been seen. */
  scrolled(atBottom: boolean): void {
    this.following = atBottom;
    if (atBottom) this.unseen = 0;
  }

  /** `count` lines were added at the bottom; true when the view should scroll down to them. */
  arrived(count: number): boolean {
    if (this.following) return true;
    this.unseen += count;
    return false;
  }
}

/**
 * The first visible row after older lines were put above the rows already shown: the same text
 * stays in view, moved down by the rows the older lines take.
 */
export function restoredTop(oldTop: number, oldRows: number, newRows: number): number {
  return Math.max(0, oldTop + (newRows - oldRows));
}

/** "1 new line", "3 new lines". */
export function newLinesText(count: number): string {
  return `${String(count)} new ${count === 1 ? 'line' : 'lines'}`;
}

/** The search count: "3 of 12", "No matches", or "1000+ matches" past the highlight limit. */
export function matchText(index: number, count: number, limit: number): string {
  if (count === 0) return 'No matches';
  if (index < 0) return count >= limit ? `${String(limit)}+ matches` : `${String(count)} matches`;
  return `${String(index + 1)} of ${String(count)}`;
}
