// Snapshots of panes' history, in memory: each bound to the login, session and pane it was taken
// for (anyone else's id is as good as expired), bounded in bytes overall and per login, and
// forgotten when unused for a while. The store owns its one expiry timer.

import { randomBytes } from 'node:crypto';
import type { Disposable } from '../../shared/lifecycle.js';
import type { Timers } from '../../shared/timers.js';
import { DEFAULT_SGR, SgrTracker, type SgrState } from './sgrState.js';

/** 16 random bytes: SNAPSHOT_ID_PATTERN in shared/api/history.ts. */
const SNAPSHOT_ID_BYTES = 16;
/** A view that has not asked for a page in 10 minutes has been closed or forgotten. */
export const SNAPSHOT_IDLE_MS = 10 * 60 * 1000;
/** How often idle snapshots are looked for. */
const SWEEP_MS = 60 * 1000;
/** A login's views at once (tabs, panes); its least recently used snapshot goes first. */
export const SNAPSHOTS_PER_LOGIN = 4;
/** The SGR state is kept every this many lines, so a page's starting state is found quickly. */
const CHECKPOINT_LINES = 1024;

/** Who a snapshot belongs to: only the same login, session and pane may read it. */
export interface SnapshotOwner {
  login: string;
  session: string;
  pane: string;
}

export class Snapshot {
  /** checkpoints[i]: the SGR state at the start of line i * CHECKPOINT_LINES. */
  private checkpoints: SgrState[] = [];
  bytes = 0;
  usedAt: number;

  constructor(
    readonly id: string,
    readonly owner: SnapshotOwner,
    public lines: string[],
    /** The pane's rows when it was captured: its last `rows` lines are provisional. */
    public rows: number,
    readonly truncated: boolean,
    now: number,
  ) {
    this.usedAt = now;
    this.reindex(0);
  }

  /** Replaces every line from `from` on (an extension) and re-indexes from there. */
  replaceFrom(from: number, lines: readonly string[], rows: number): void {
    this.lines = [...this.lines.slice(0, from), ...lines];
    this.rows = rows;
    this.reindex(from);
  }

  /** The SGR state in force at the start of line `index`. */
  stateAt(index: number): SgrState {
    const checkpoint = Math.min(Math.floor(index / CHECKPOINT_LINES), this.checkpoints.length - 1);
    const tracker = new SgrTracker(this.checkpoints[checkpoint]);
    for (let line = checkpoint * CHECKPOINT_LINES; line < index; line += 1) {
      tracker.feed(this.lines[line] ?? '');
    }
    return tracker.state;
  }

  private reindex(from: number): void {
    // Checkpoint i depends only on the lines before line i * CHECKPOINT_LINES.
    const valid = Math.floor(from / CHECKPOINT_LINES) + 1;
    this.checkpoints.length = Math.max(1, Math.min(this.checkpoints.length, valid));
    this.checkpoints[0] ??= DEFAULT_SGR;
    let line = (this.checkpoints.length - 1) * CHECKPOINT_LINES;
    const tracker = new SgrTracker(this.checkpoints.at(-1));
    while (line + CHECKPOINT_LINES <= this.lines.length) {
      const end = line + CHECKPOINT_LINES;
      for (; line < end; line += 1) tracker.feed(this.lines[line] ?? '');
      this.checkpoints.push(tracker.state);
    }
    this.bytes = this.lines.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0);
  }
}

function sameOwner(a: SnapshotOwner, b: SnapshotOwner): boolean {
  return a.login === b.login && a.session === b.session && a.pane === b.pane;
}

export class SnapshotStore implements Disposable {
  /** Least recently used first (a snapshot is re-inserted when used). */
  private readonly snapshots = new Map<string, Snapshot>();
  private sweep: unknown;
  private disposed = false;

  constructor(
    private readonly totalBytes: number,
    private readonly timers: Timers,
    private readonly now: () => number = Date.now,
  ) {
    this.schedule();
  }

  /** Keeps a new snapshot for `owner`, making room as needed; returns it. */
  add(
    owner: SnapshotOwner,
    capture: { lines: string[]; rows: number; truncated: boolean },
  ): Snapshot {
    const id = randomBytes(SNAPSHOT_ID_BYTES).toString('base64url');
    const snapshot = new Snapshot(
      id,
      owner,
      capture.lines,
      capture.rows,
      capture.truncated,
      this.now(),
    );
    const mine = [...this.snapshots.values()].filter((kept) => kept.owner.login === owner.login);
    for (const old of mine.slice(0, Math.max(0, mine.length - SNAPSHOTS_PER_LOGIN + 1))) {
      this.snapshots.delete(old.id);
    }
    this.snapshots.set(id, snapshot);
    this.fit(snapshot);
    return snapshot;
  }

  /** The snapshot `id` if `owner` may read it (marked used); undefined otherwise. */
  get(id: string, owner: SnapshotOwner): Snapshot | undefined {
    const snapshot = this.snapshots.get(id);
    if (!snapshot || !sameOwner(snapshot.owner, owner)) return undefined;
    snapshot.usedAt = this.now();
    this.snapshots.delete(id);
    this.snapshots.set(id, snapshot);
    return snapshot;
  }

  /** After `keep` was added or grew: drops the least recently used others until all fit. */
  fit(keep: Snapshot): void {
    const all = [...this.snapshots.values()];
    let total = all.reduce((sum, snapshot) => sum + snapshot.bytes, 0);
    for (const snapshot of all) {
      if (total <= this.totalBytes) break;
      if (snapshot === keep) continue;
      this.snapshots.delete(snapshot.id);
      total -= snapshot.bytes;
    }
  }

  get size(): number {
    return this.snapshots.size;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.timers.clearTimeout(this.sweep);
    this.snapshots.clear();
  }

  private schedule(): void {
    this.sweep = this.timers.setTimeout(() => {
      const cutoff = this.now() - SNAPSHOT_IDLE_MS;
      for (const snapshot of [...this.snapshots.values()]) {
        if (snapshot.usedAt <= cutoff) this.snapshots.delete(snapshot.id);
      }
      if (!this.disposed) this.schedule();
    }, SWEEP_MS);
  }
}
