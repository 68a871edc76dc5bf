// Pages of a pane's history for the HTTP API: a snapshot opened (audited), older pages within it,
// newer pages after extending it; the pane always one of the session's own, each login rate
// limited. Access (who may read which session) is the routes' job.

import type { HistoryPage, HistoryQuery, Pane } from '../../shared/api/history.js';
import type { Disposable } from '../../shared/lifecycle.js';
import type { Timers } from '../../shared/timers.js';
import type { AuditLog } from '../audit.js';
import { FailureRateLimiter } from '../auth/rateLimiter.js';
import type { HistoryConfig } from '../config/gatewayConfig.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';
import { capturePane } from './capture.js';
import { findExtension } from './extend.js';
import { HistoryError } from './historyError.js';
import { pageOf } from './pages.js';
import { listPanes } from './panes.js';
import { advanceSgr, DEFAULT_SGR, sgrPrefix } from './sgrState.js';
import { SnapshotStore, type Snapshot, type SnapshotOwner } from './snapshots.js';

/** The rate limit's window: `history.requestsPerMinute` is per minute. */
const RATE_WINDOW_MS = 60 * 1000;
/** Resets every attribute: the start of an appended line whose state differs from the join's. */
const SGR_RESET = '\x1b[0m';

/** The parts of a session history needs. */
export interface HistorySession {
  readonly name: string;
  readonly tmux: TmuxServer;
  readonly config: { readonly target: string };
}

/** Who asks: `login` keys the rate limit and owns snapshots; `user` and `kind` are audited. */
export interface HistoryReader {
  login: string;
  user: string;
  kind: string;
}

export class HistoryService implements Disposable {
  private readonly snapshots: SnapshotStore;
  private readonly rate: FailureRateLimiter;

  constructor(
    private readonly config: HistoryConfig,
    private readonly audit: AuditLog,
    timers: Timers,
    now: () => number = Date.now,
  ) {
    this.snapshots = new SnapshotStore(config.totalSnapshotBytes, timers, now);
    this.rate = new FailureRateLimiter(
      { maxFailures: config.requestsPerMinute, windowMs: RATE_WINDOW_MS },
      now,
    );
  }

  /** Counts one request of `reader`; a 429 past the limit. */
  admit(reader: HistoryReader): void {
    const wait = this.rate.retryAfterSeconds(reader.login);
    if (wait > 0) {
      throw new HistoryError(
        429,
        'rate_limited',
        'Too many history requests: wait and retry.',
        wait,
      );
    }
    this.rate.recordFailure(reader.login);
  }

  async panes(session: HistorySession): Promise<Pane[]> {
    return listPanes(session.tmux, session.config.target);
  }

  async page(
    session: HistorySession,
    paneId: string,
    query: HistoryQuery,
    reader: HistoryReader,
  ): Promise<HistoryPage> {
    if (query.lines > this.config.pageLines) {
      const message = `lines must be at most ${this.config.pageLines} (history.pageLines)`;
      throw new HistoryError(400, 'invalid_query', message);
    }
    const owner = { login: reader.login, session: session.name, pane: paneId };
    if (query.snapshot !== undefined && query.before !== undefined) {
      // Older lines of a snapshot this reader took of this session's pane: tmux has nothing to add.
      return this.older(this.snapshot(query.snapshot, owner), query.before, query.lines);
    }
    const pane = (await this.panes(session)).find((candidate) => candidate.id === paneId);
    if (!pane) throw new HistoryError(404, 'unknown_pane', 'No such pane in this session.');
    if (query.snapshot === undefined) return this.open(session, pane, owner, query.lines, reader);
    const snapshot = this.snapshot(query.snapshot, owner);
    await this.extend(session, pane, snapshot);
    return this.newer(snapshot, query.after ?? snapshot.lines.length, query.lines);
  }

  dispose(): void {
    this.snapshots.dispose();
  }

  private snapshot(id: string, owner: SnapshotOwner): Snapshot {
    const snapshot = this.snapshots.get(id, owner);
    if (!snapshot) {
      throw new HistoryError(410, 'snapshot_expired', 'This history snapshot has expired: reload.');
    }
    return snapshot;
  }

  private async open(
    session: HistorySession,
    pane: Pane,
    owner: SnapshotOwner,
    lines: number,
    reader: HistoryReader,
  ): Promise<HistoryPage> {
    const capture = await capturePane(session.tmux, pane.id, {
      maxBytes: this.config.snapshotBytes,
      knownHistory: pane.historyLines,
    });
    const snapshot = this.snapshots.add(owner, { ...capture, rows: pane.rows });
    this.audit.write({
      event: 'history-viewed',
      user: reader.user,
      kind: reader.kind,
      session: session.name,
      pane: pane.id,
      lines: snapshot.lines.length,
    });
    return this.older(snapshot, snapshot.lines.length, lines);
  }

  private older(snapshot: Snapshot, before: number, lines: number): HistoryPage {
    const total = snapshot.lines.length;
    if (before > total) {
      throw new HistoryError(
        400,
        'invalid_query',
        `before must be at most ${total} (the snapshot's lines)`,
      );
    }
    return pageOf(
      snapshot,
      { start: Math.max(0, before - lines), end: before },
      this.pageBytes,
      'newest',
    );
  }

  /**
   * Lines from `after` on. An extension may have replaced the provisional end with fewer lines,
   * so an `after` past the end is not the caller's mistake: it gets the (empty) end.
   */
  private newer(snapshot: Snapshot, requested: number, lines: number): HistoryPage {
    const total = snapshot.lines.length;
    const after = Math.min(requested, total);
    return pageOf(
      snapshot,
      { start: after, end: Math.min(total, after + lines) },
      this.pageBytes,
      'oldest',
    );
  }

  /** Replaces the snapshot's provisional end with what the pane shows and printed since. */
  private async extend(session: HistorySession, pane: Pane, snapshot: Snapshot): Promise<void> {
    const fresh = await capturePane(session.tmux, pane.id, {
      historyLines: this.config.pageLines + pane.rows,
      maxBytes: this.config.snapshotBytes,
      knownHistory: pane.historyLines,
    });
    const join = findExtension(snapshot.lines, snapshot.rows, fresh.lines, pane.rows);
    if (!join) throw movedOn();
    const appended = fresh.lines.slice(join.start);
    const freshState = fresh.lines.slice(0, join.start).reduce(advanceSgr, DEFAULT_SGR);
    const joinPrefix = sgrPrefix(freshState);
    if (appended.length > 0 && joinPrefix !== sgrPrefix(snapshot.stateAt(join.from))) {
      appended[0] = `${joinPrefix || SGR_RESET}${appended[0] ?? ''}`;
    }
    const kept = snapshot.bytes - bytesOf(snapshot.lines.slice(join.from));
    // A snapshot never outgrows its bound: the view reloads instead (a new, truncated snapshot).
    if (kept + bytesOf(appended) > this.config.snapshotBytes) throw movedOn();
    snapshot.replaceFrom(join.from, appended, pane.rows);
    this.snapshots.fit(snapshot);
  }

  /** The most lines one page may ask for. */
  get pageLines(): number {
    return this.config.pageLines;
  }

  private get pageBytes(): number {
    return this.config.pageBytes;
  }
}

function bytesOf(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
}

function movedOn(): HistoryError {
  return new HistoryError(
    409,
    'history_moved_on',
    'The pane has moved on since this snapshot was taken: reload its history.',
  );
}
