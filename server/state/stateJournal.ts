// An append-only JSON-lines journal beside a state file's snapshot: each change is one line, on
// disk (fdatasync) before its append resolves; a compaction writes the snapshot, then empties it.

import { join } from 'node:path';
import type { z } from 'zod';
import { openAppend, readStateBytes } from './noFollow.js';
import { STATE_FILE_MODE } from './stateFileStore.js';

const NEWLINE = 0x0a;

/** When a journal is folded into its snapshot (see compactionDue). */
export interface CompactionPolicy {
  /** Lines a journal may always hold: below this, rewriting a small snapshot is not worth it. */
  minEntries: number;
  /** Lines per entry of the last snapshot a journal may hold beyond minEntries. */
  snapshotRatio: number;
}

export const DEFAULT_COMPACTION: CompactionPolicy = {
  // 500 lines are about 30 KB: replayed at start in well under a millisecond.
  minEntries: 500,
  // 1: the journal never outgrows its snapshot, so the files hold at most about twice the live
  // set, and each change costs on average at most one snapshot entry rewritten (O(1), not O(n)).
  snapshotRatio: 1,
};

/** Whether a journal of `journalEntries` lines, over a snapshot of `snapshotEntries`, is due. */
export function compactionDue(
  journalEntries: number,
  snapshotEntries: number,
  policy: CompactionPolicy = DEFAULT_COMPACTION,
): boolean {
  return journalEntries > Math.max(policy.minEntries, policy.snapshotRatio * snapshotEntries);
}

export interface Replay<E> {
  /** Every whole line, in the order appended. */
  entries: E[];
  /**
   * Bytes after the last newline: an append a crash cut short. Its append never resolved, so
   * nothing was promised about it; they are cut off so that the next append starts a line.
   */
  tornBytes: number;
}

/** Lines appended together: everything appended while the write before them was in flight. */
interface Batch {
  lines: string[];
  written: Promise<void>;
}

/**
 * One owner per journal file. Appends, and compactions, run one at a time in the order called;
 * appends that queue behind a write go out together in one write and one fdatasync. The file is
 * opened (O_NOFOLLOW, O_APPEND) for each write, so no descriptor outlives a write.
 *
 * Crash safety: a compaction writes the snapshot atomically before it empties the journal, and
 * runs after every append queued before it, so a crash at any point leaves a snapshot and journal
 * that replay (snapshot, then each line over it) to the live state or a superset of it.
 */
export class StateJournal<E> {
  private tail: Promise<unknown> = Promise.resolve();
  private pending: Batch | undefined;
  private lines = 0;
  /** Bytes of whole lines in the file: where a failed write is cut back to. */
  private size = 0;
  /** A write failed and may have left part of a line behind. */
  private damaged = false;

  /** `expected` names one line's content for a corrupt-journal error ("a revoked login"). */
  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<E>,
    private readonly expected: string,
  ) {}

  static in<E>(
    stateDir: string,
    file: string,
    schema: z.ZodType<E>,
    expected: string,
  ): StateJournal<E> {
    return new StateJournal(join(stateDir, file), schema, expected);
  }

  /** Whole lines in the file now: those replayed, plus those appended since the last compaction. */
  get length(): number {
    return this.lines;
  }

  /**
   * Reads every line, through the schema, before anything is appended. A line that is not valid
   * (anywhere but a torn end) is an error naming the file and line: it is never skipped or
   * replaced. Absent file: no entries.
   */
  async replay(): Promise<Replay<E>> {
    const bytes = await readStateBytes(this.path);
    if (bytes === undefined) return { entries: [], tornBytes: 0 };
    const whole = bytes.lastIndexOf(NEWLINE) + 1;
    const lines = bytes.subarray(0, whole).toString('utf8').split('\n');
    lines.pop();
    const entries = lines.map((line, index) => this.parse(line, index + 1));
    this.lines = entries.length;
    this.size = whole;
    const tornBytes = bytes.length - whole;
    if (tornBytes > 0) await this.cutBack();
    return { entries, tornBytes };
  }

  /** Resolves once `entry` is on disk; rejects if its write failed (the journal stays usable). */
  append(entry: E): Promise<void> {
    let line: string;
    try {
      line = `${JSON.stringify(entry)}\n`;
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.pending) {
      this.pending.lines.push(line);
      return this.pending.written;
    }
    const batch: Batch = { lines: [line], written: Promise.resolve() };
    this.pending = batch;
    batch.written = this.enqueue(async () => {
      // From here on, later appends start the next batch.
      if (this.pending === batch) this.pending = undefined;
      await this.write(batch.lines);
    });
    return batch.written;
  }

  /**
   * After every append called before it, and before every append called after it: runs
   * `writeSnapshot` (which must write, atomically, a snapshot holding everything appended so far)
   * and, once it has, empties the journal. If it fails, the journal is left as it was.
   */
  compact(writeSnapshot: () => Promise<void>): Promise<void> {
    // Appends called from now on go after the compaction.
    this.pending = undefined;
    return this.enqueue(async () => {
      await writeSnapshot();
      // The snapshot holds every line now: from here, cutting the file to nothing loses nothing.
      this.lines = 0;
      this.size = 0;
      await this.cutBack();
    });
  }

  private parse(line: string, number: number): E {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const result = this.schema.safeParse(parsed);
    if (!result.success) {
      throw new Error(
        `${this.path}: corrupt journal, line ${number} (not ${this.expected}); fix or remove it`,
      );
    }
    return result.data;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.tail.then(task);
    // A failed task fails its own callers only; the next one still runs.
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async write(lines: string[]): Promise<void> {
    if (this.damaged) await this.cutBack();
    const text = lines.join('');
    const handle = await openAppend(this.path, STATE_FILE_MODE);
    try {
      await handle.appendFile(text);
      await handle.datasync();
    } catch (error) {
      this.damaged = true;
      throw error;
    } finally {
      await handle.close();
    }
    this.lines += lines.length;
    this.size += Buffer.byteLength(text);
  }

  /**
   * Cuts the file back to `size` (a torn end, what a failed write left, or all of it after a
   * snapshot). Until that succeeds, the next write tries again first.
   */
  private async cutBack(): Promise<void> {
    this.damaged = true;
    const handle = await openAppend(this.path, STATE_FILE_MODE);
    try {
      await handle.truncate(this.size);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    this.damaged = false;
  }
}
