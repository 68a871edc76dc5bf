// The tmux client one browser's output comes from — a writer's own, or a viewer group's — and the
// moves between them: on a role change, and (coalesced) when the browser's size changes.

import { DisposableStore, MutableDisposable, type Disposable } from '../../shared/lifecycle.js';
import { errorMessage } from '../log.js';
import type { ViewRequest } from '../viewers/sessionViewers.js';
import { CoalescedTask, type CoalesceDelay } from './coalescedTask.js';
import type { WriterClient, MemberGroup, SessionMembershipOptions } from './memberPorts.js';
import { realTimers } from '../realTimers.js';

/**
 * A viewer's move to the group of its new size waits for this much quiet (and at most this long
 * in all): a window drag costs one tmux client, at its end, rather than one per step.
 */
export const VIEWER_RESIZE_DELAY: CoalesceDelay = { quietMs: 250, maxWaitMs: 1000 };

/**
 * A writer's resize makes tmux resize the window and redraw every client of the session: the
 * latest size goes to tmux at most about ten times a second, as often as the page sends one
 * during a drag, so a page is never held back but a flood is.
 */
export const WRITER_RESIZE_DELAY: CoalesceDelay = { quietMs: 50, maxWaitMs: 100 };

/** Where the output comes from; disposing it leaves that tmux client. */
type OutputSource = (
  { kind: 'private'; client: WriterClient } | { kind: 'group'; group: MemberGroup }
) &
  Disposable;

export class TmuxAttachment {
  private readonly store = new DisposableStore();
  private readonly source = this.store.add(new MutableDisposable<OutputSource>());
  /** Bumped by every attach: an attach overtaken by a newer one (a role change) gives way. */
  private generation = 0;
  /** The attach in flight, if any: a size change waits for it instead of racing it. */
  private attaching: Promise<boolean> | undefined;
  /** What this viewer asked for when it last joined a group (the group may be a shared one). */
  private joinedView: ViewRequest | undefined;
  /** Applies resizes and `fit` once they settle, one at a time, the latest state winning. */
  private readonly sizeChanges: CoalescedTask;
  private cols: number;
  private rows: number;
  private fit: boolean;

  constructor(
    private readonly options: SessionMembershipOptions,
    /** A writer's own client exited (not when it is left or disposed). */
    private readonly onPrivateExit: (exitCode: number) => void,
  ) {
    this.cols = options.cols;
    this.rows = options.rows;
    this.fit = options.fit;
    this.sizeChanges = this.store.add(
      new CoalescedTask(
        () => this.applySize(),
        (error) => options.failed(error),
        options.timers ?? realTimers,
      ),
    );
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  get pid(): number | undefined {
    const source = this.source.value;
    if (!source) return undefined;
    return source.kind === 'private' ? source.client.pid : source.group.pid;
  }

  /** Whether anything is attached (a role change then has to move it). */
  get attached(): boolean {
    return this.source.value !== undefined;
  }

  /** The writer's own client, when that is the source. */
  get privateClient(): WriterClient | undefined {
    const source = this.source.value;
    return source?.kind === 'private' ? source.client : undefined;
  }

  get disposed(): boolean {
    return this.store.isDisposed;
  }

  /**
   * Leaves the current tmux client, if any, and attaches anew: read-write to a client of its own,
   * or read-only into a viewer group. False when it failed (the connection is ended) or was
   * overtaken by a newer attach or the end.
   */
  attach(writable: boolean): Promise<boolean> {
    const attaching = this.attachNow(writable);
    this.attaching = attaching;
    const done = () => {
      if (this.attaching === attaching) this.attaching = undefined;
    };
    attaching.then(done, done);
    return attaching;
  }

  /** The browser's size changed: a writer's pty follows, a viewer moves to its size's group. */
  resize(size: { cols: number; rows: number }, writable: boolean): void {
    this.cols = size.cols;
    this.rows = size.rows;
    if (writable) {
      this.sizeChanges.request(WRITER_RESIZE_DELAY);
      return;
    }
    // A viewer never resizes the window: it moves to the group of viewers of its own size.
    this.fit = false;
    this.sizeChanges.request(VIEWER_RESIZE_DELAY);
  }

  /** A viewer asks to follow the window again. */
  fitWindow(): void {
    this.fit = true;
    this.sizeChanges.request(VIEWER_RESIZE_DELAY);
  }

  /** The group was resized with the window (GroupViewer.resized): the browser follows. */
  followed(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.options.sink.send({ type: 'window', cols, rows });
    this.options.session.changed();
  }

  /** The group's tmux client is gone: forget it without leaving it. */
  lost(): void {
    this.source.clear();
  }

  /** The browser caught up after its output was discarded: give it a full screen again. */
  async redraw(discarded: number): Promise<void> {
    const source = this.source.value;
    if (this.disposed || !source) return;
    const { log, logFields } = this.options;
    this.options.metrics?.redraw();
    log.info('client_output_resync', { ...logFields(), discarded });
    if (source.kind === 'group') {
      source.group.redraw(this.options.viewer);
      return;
    }
    this.options.sink.cancel();
    try {
      await source.client.redraw();
    } catch (error) {
      log.warn('client_redraw_failed', { ...logFields(), error: errorMessage(error) });
    }
  }

  /** Leaves the tmux client and cancels pending resizes. */
  dispose(): void {
    this.store.dispose();
  }

  private async attachNow(writable: boolean): Promise<boolean> {
    const generation = ++this.generation;
    this.source.value = undefined;
    try {
      if (writable) {
        this.joinedView = undefined;
        this.source.value = this.privateSource();
        return true;
      }
      const request = this.wantedView();
      const { viewer, session } = this.options;
      const { group, followsWindow } = await session.viewers.join(viewer, request);
      if (this.disposed || generation !== this.generation) {
        group.remove(viewer);
        return false;
      }
      this.source.value = { kind: 'group', group, dispose: () => group.remove(viewer) };
      this.joinedView = request;
      this.logSharedSize(request, group, followsWindow);
      if (followsWindow) this.followed(group.cols, group.rows);
      return true;
    } catch (error) {
      return this.attachFailed(error);
    }
  }

  private privateSource(): OutputSource {
    const client = this.options.attachClient({
      cols: this.cols,
      rows: this.rows,
      deliver: (frame) => this.options.sink.output(frame),
      onExit: (exitCode) => this.onPrivateExit(exitCode),
    });
    return { kind: 'private', client, dispose: () => client.dispose() };
  }

  private async attachFailed(error: unknown): Promise<false> {
    const { session, log, logFields, end } = this.options;
    // A viewer's group reads the window's size first: that fails too when the session is gone.
    if (!(await this.options.sessionExists())) {
      session.liveness.forget();
      end('session-ended', `The tmux session "${session.name}" has ended.`);
      return false;
    }
    this.options.metrics?.ptySpawnFailed();
    log.error('pty_spawn_failed', { ...logFields(), error: errorMessage(error) });
    end('error', 'tmux could not be attached.', true);
    return false;
  }

  private logSharedSize(request: ViewRequest, group: MemberGroup, followsWindow: boolean): void {
    if (request.fit) return;
    if (!followsWindow && group.cols === request.cols && group.rows === request.rows) return;
    this.options.log.info('viewer_size_shared', {
      ...this.options.logFields(),
      asked: `${request.cols}x${request.rows}`,
      given: followsWindow ? 'window' : `${group.cols}x${group.rows}`,
    });
  }

  /** What this viewer wants to see now. */
  private wantedView(): ViewRequest {
    return this.fit ? { fit: true } : { fit: false, cols: this.cols, rows: this.rows };
  }

  /**
   * Brings the tmux side to the latest size asked for: a writer's pty is resized, a viewer moves
   * to the group of its new size. Waits for an attach in flight (the first one, a role change),
   * so a resize that arrived meanwhile takes effect after it.
   */
  private async applySize(): Promise<void> {
    while (this.attaching) await this.attaching;
    const source = this.source.value;
    if (this.disposed || !source) return;
    if (source.kind === 'private') {
      source.client.resize(this.cols, this.rows);
      this.options.session.viewers.windowMayHaveChanged();
      return;
    }
    if (this.joinedView && sameView(this.joinedView, this.wantedView())) return;
    await this.attach(false);
  }
}

function sameView(a: ViewRequest, b: ViewRequest): boolean {
  if (a.fit || b.fit) return a.fit === b.fit;
  return a.cols === b.cols && a.rows === b.rows;
}
