// One read-only tmux client shared by every viewer of a session at one size: its output is read
// once and fanned out. A viewer joining, or catching up after it fell behind, gets a full screen
// from the group's ScreenModel, on its own, without tmux redrawing for the others. The model is
// parsed in the screen worker, so reading the pty and fanning out is all this thread does.

import { AttachedClient } from '../tmux/attachedClient.js';
import { OUTPUT_COALESCE_MS } from '../tmux/outputBatcher.js';
import { hasSession } from '../tmux/sessionControl.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';
import { PreparedFrame } from './preparedFrame.js';
import { ScreenModel } from './screenModel.js';

/**
 * Output a joining viewer may miss while the model catches up with what was already fanned out;
 * past it, the viewer's snapshot is taken again later (a flood, where a snapshot is soon stale).
 */
const MAX_JOIN_BACKLOG_BYTES = 1024 * 1024;

/**
 * Every frame costs one socket write per viewer. A group gathers output longer as it grows, one
 * more coalescing interval per this many viewers, so that a flood to thousands stays a few
 * tens of writes per viewer a second. Echo of typing is never delayed (expectEcho flushes).
 */
const VIEWERS_PER_COALESCE_STEP = 25;

/** …up to this: 20 frames a second, still smooth for someone watching. */
const MAX_GROUP_COALESCE_MS = 50;

/** How long a group of `viewers` gathers output before sending it. */
export function groupCoalesceMs(viewers: number): number {
  const steps = Math.max(1, Math.ceil(viewers / VIEWERS_PER_COALESCE_STEP));
  return Math.min(MAX_GROUP_COALESCE_MS, OUTPUT_COALESCE_MS * steps);
}

/** A browser that receives a group's output. */
export interface GroupViewer {
  /**
   * Sends output to this browser, under its own flow control. The same frame goes to every member:
   * O(1) work per member, no copy or framing of its own.
   */
  deliver(frame: PreparedFrame): void;
  /** The group's tmux client ended: the session ended, or someone detached that client. */
  groupEnded(sessionAlive: boolean): void;
  /** The group was resized (the session's window changed size): the browser follows. */
  resized(cols: number, rows: number): void;
}

interface PendingViewer {
  /** Frames since its snapshot was asked for, with the model's position of each. */
  backlog: { position: number; frame: PreparedFrame }[];
  backlogBytes: number;
}

export interface ViewerGroupOptions {
  tmux: TmuxServer;
  target: string;
  cols: number;
  rows: number;
  /** Called once when the tmux client exits or the group is disposed, to forget it. */
  onClosed: (group: ViewerGroup) => void;
}

export class ViewerGroup {
  private readonly client: AttachedClient;
  private readonly model: ScreenModel;
  private readonly live = new Set<GroupViewer>();
  private readonly pending = new Map<GroupViewer, PendingViewer>();
  private closed = false;
  /** Resolves once the shared client's process has exited: tmux has let go of it by then. */
  readonly exited: Promise<void>;

  /** Spawns the shared `tmux attach -r`; throws when the pty cannot be spawned. */
  constructor(private readonly options: ViewerGroupOptions) {
    const { tmux, target, cols, rows } = options;
    this.client = new AttachedClient(tmux, { target, cols, rows, readOnly: true });
    this.exited = this.client.exited.then(() => undefined);
    this.model = new ScreenModel(cols, rows);
    this.model.onLost(() => this.modelLost());
    this.client.onData((frame) => this.fanOut(frame));
    this.client.onExit(() => void this.onExit());
  }

  /** pid of the shared `tmux attach` (tmux's #{client_pid}), once known. */
  get pid(): number | undefined {
    return this.client.pid;
  }

  get cols(): number {
    return this.model.cols;
  }

  get rows(): number {
    return this.model.rows;
  }

  get size(): number {
    return this.live.size + this.pending.size;
  }

  has(viewer: GroupViewer): boolean {
    return this.live.has(viewer) || this.pending.has(viewer);
  }

  /** Adds a viewer; it receives the full screen, then the group's output from there on. */
  add(viewer: GroupViewer): void {
    if (this.closed) return;
    this.live.delete(viewer);
    this.sendSnapshot(viewer);
    this.client.coalesceMs = groupCoalesceMs(this.size);
  }

  /** Gives one viewer the full screen again (it fell behind and its output was discarded). */
  redraw(viewer: GroupViewer): void {
    if (this.live.delete(viewer)) this.sendSnapshot(viewer);
  }

  /** Stops sending to a viewer; the last one out ends the shared tmux client. */
  remove(viewer: GroupViewer): void {
    this.live.delete(viewer);
    this.pending.delete(viewer);
    if (this.size === 0) this.dispose();
    else this.client.coalesceMs = groupCoalesceMs(this.size);
  }

  /** Someone typed into the session: its echo goes out at once rather than coalesced. */
  expectEcho(): void {
    this.client.expectEcho();
  }

  /** Resizes the shared client (tmux redraws it) and tells every viewer first. */
  resize(cols: number, rows: number): void {
    if (this.closed || (cols === this.cols && rows === this.rows)) return;
    this.client.flush();
    this.model.resize(cols, rows);
    for (const viewer of [...this.live, ...this.pending.keys()]) viewer.resized(cols, rows);
    this.client.resize(cols, rows);
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.dispose();
    this.model.dispose();
    this.options.onClosed(this);
  }

  private sendSnapshot(viewer: GroupViewer): void {
    const pending: PendingViewer = { backlog: [], backlogBytes: 0 };
    this.pending.set(viewer, pending);
    void this.model.snapshot().then((snapshot) => {
      if (this.closed || this.pending.get(viewer) !== pending) return;
      if (!snapshot || pending.backlogBytes > MAX_JOIN_BACKLOG_BYTES) {
        this.sendSnapshot(viewer);
        return;
      }
      this.pending.delete(viewer);
      this.live.add(viewer);
      viewer.deliver(new PreparedFrame(snapshot.bytes));
      for (const { position, frame } of pending.backlog) {
        if (position > snapshot.position) viewer.deliver(frame);
      }
    });
  }

  /**
   * The screen worker ended: the model starts again from nothing. tmux redraws the client, which
   * makes the model whole again and every live viewer with it; a viewer waiting for a snapshot
   * asks again, and its backlog holds the redraw.
   */
  private modelLost(): void {
    for (const viewer of [...this.pending.keys()]) this.sendSnapshot(viewer);
    this.client.redraw().catch(() => {
      // The client is ending: its exit tells the viewers.
    });
  }

  private fanOut(bytes: Buffer): void {
    const position = this.model.write(bytes);
    const frame = new PreparedFrame(bytes);
    for (const viewer of this.live) viewer.deliver(frame);
    for (const pending of this.pending.values()) {
      pending.backlogBytes += bytes.length;
      if (pending.backlogBytes <= MAX_JOIN_BACKLOG_BYTES) pending.backlog.push({ position, frame });
    }
  }

  /** Asks tmux once for the whole group whether the session lives on. */
  private async onExit(): Promise<void> {
    if (this.closed) return;
    const viewers = [...this.live, ...this.pending.keys()];
    this.dispose();
    const { tmux, target } = this.options;
    const alive = await hasSession(tmux, target).catch(() => false);
    for (const viewer of viewers) viewer.groupEnded(alive);
  }
}
