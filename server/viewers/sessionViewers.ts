// The viewer groups of one session: viewers who follow the session's window share one group
// (the fit-to-window mode, the default), viewers who chose their own size share one per size.

import type { SessionConfig } from '../config.js';
import { windowViewSize } from '../tmux/sessionControl.js';
import type { SizeGuard } from '../tmux/sizeGuard.js';
import { ViewerGroup, type GroupViewer } from './viewerGroup.js';

/** What a viewer asked to see: the session's window as it is, or its own terminal size. */
export type ViewRequest = { fit: true } | { fit: false; cols: number; rows: number };

/**
 * While someone follows the window, how often its size is read from tmux: native clients and
 * window-size options change it without telling the gateway. A web writer's resize is seen at once.
 */
export const WINDOW_POLL_MS = 1000;

/** After a web writer resizes, tmux needs a moment to resize the window before it is read. */
const WINDOW_SETTLE_MS = 30;

const FIT_KEY = 'window';

function keyFor(request: ViewRequest): string {
  return request.fit ? FIT_KEY : `${request.cols}x${request.rows}`;
}

export class SessionViewers {
  private readonly groups = new Map<string, ViewerGroup>();
  private readonly creating = new Map<string, Promise<ViewerGroup>>();
  private windowPoll: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: SessionConfig,
    private readonly sizeGuard: SizeGuard,
  ) {}

  /** pids of the shared tmux clients (they are the gateway's, never shown as native). */
  get pids(): number[] {
    return [...this.groups.values()].map((group) => group.pid);
  }

  /** The groups as they are now (for tests and benchmarks: how many tmux clients viewers cost). */
  get groupCount(): number {
    return this.groups.size;
  }

  /** Puts a viewer into the group for its request, creating the group (one tmux client) if needed. */
  async join(viewer: GroupViewer, request: ViewRequest): Promise<ViewerGroup> {
    const key = keyFor(request);
    const group = this.groups.get(key) ?? (await this.create(key, request));
    group.add(viewer);
    return group;
  }

  /** Someone typed: every group sends its next output at once. */
  expectEcho(): void {
    for (const group of this.groups.values()) group.expectEcho();
  }

  /** A web writer resized: the window may follow, and the fit group with it. */
  windowMayHaveChanged(): void {
    if (!this.groups.has(FIT_KEY) || this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      void this.followWindow();
    }, WINDOW_SETTLE_MS);
  }

  /** Ends every group (their viewers must have been ended already). */
  dispose(): void {
    for (const group of [...this.groups.values()]) group.dispose();
    this.stopPolling();
  }

  private create(key: string, request: ViewRequest): Promise<ViewerGroup> {
    let creating = this.creating.get(key);
    if (!creating) {
      creating = this.spawn(key, request).finally(() => this.creating.delete(key));
      this.creating.set(key, creating);
    }
    return creating;
  }

  private async spawn(key: string, request: ViewRequest): Promise<ViewerGroup> {
    const { socket, target } = this.config;
    // Held from before the group's client attaches until after it has exited.
    const release = await this.sizeGuard.hold();
    let group: ViewerGroup;
    try {
      const { cols, rows } = request.fit ? await windowViewSize(socket, target) : request;
      group = new ViewerGroup({
        socket,
        target,
        cols,
        rows,
        onClosed: (closed) => {
          if (this.groups.get(key) === closed) this.groups.delete(key);
          if (key === FIT_KEY) this.stopPolling();
        },
      });
    } catch (error) {
      release();
      throw error;
    }
    void group.exited.then(release);
    this.groups.set(key, group);
    if (key === FIT_KEY) {
      this.windowPoll = setInterval(() => void this.followWindow(), WINDOW_POLL_MS);
      this.windowPoll.unref();
    }
    return group;
  }

  private async followWindow(): Promise<void> {
    const group = this.groups.get(FIT_KEY);
    if (!group) return;
    try {
      const { cols, rows } = await windowViewSize(this.config.socket, this.config.target);
      group.resize(cols, rows);
    } catch {
      // The session is ending: the group's client exits and its viewers are told.
    }
  }

  private stopPolling(): void {
    if (this.windowPoll) clearInterval(this.windowPoll);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.windowPoll = undefined;
    this.settleTimer = undefined;
  }
}
