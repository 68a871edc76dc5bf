// The viewer groups of one session: viewers who follow the session's window share one group
// (the fit-to-window mode, the default), viewers who chose their own size share one per size, up
// to a limit of sizes per session (each costs a tmux client and a headless terminal).

import { DEFAULT_LIMITS, type SessionConfig } from '../config/gatewayConfig.js';
import { windowViewSize } from '../tmux/sessionControl.js';
import type { SizeGuard } from '../tmux/sizeGuard.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';
import { nearestFittingSize, type GridSize } from './nearestSize.js';
import { ViewerGroup, type GroupViewer } from './viewerGroup.js';

/** What a viewer asked to see: the session's window as it is, or its own terminal size. */
export type ViewRequest = { fit: true } | { fit: false; cols: number; rows: number };

/** The group a viewer was put in, and whether it is the window's (its size follows the window). */
export interface Placement {
  group: ViewerGroup;
  followsWindow: boolean;
}

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

function ownSize(size: GridSize): ViewRequest {
  return { fit: false, cols: size.cols, rows: size.rows };
}

/** A group being created: its size, and the group once its client is spawned. */
interface Creating {
  request: ViewRequest;
  group: Promise<ViewerGroup>;
}

export class SessionViewers {
  private readonly groups = new Map<string, ViewerGroup>();
  private readonly creating = new Map<string, Creating>();
  private windowPoll: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: SessionConfig,
    private readonly tmux: TmuxServer,
    private readonly sizeGuard: SizeGuard,
    /** Own-size groups at once (LimitsConfig.ownSizeGroupsPerSession). */
    private readonly maxOwnSizeGroups = DEFAULT_LIMITS.ownSizeGroupsPerSession,
  ) {}

  /** pids of the shared tmux clients (they are the gateway's, never shown as native). */
  get pids(): number[] {
    const pids: number[] = [];
    for (const group of this.groups.values()) if (group.pid !== undefined) pids.push(group.pid);
    return pids;
  }

  /** The groups as they are now (for tests and benchmarks: how many tmux clients viewers cost). */
  get groupCount(): number {
    return this.groups.size;
  }

  /**
   * Puts a viewer into the group for its request, creating the group (one tmux client) if needed.
   * When the session already has as many own-size groups as it may, a viewer asking for a new
   * size joins the largest of them that fits inside it, or else the window's group.
   */
  async join(viewer: GroupViewer, request: ViewRequest): Promise<Placement> {
    const placed = this.place(request);
    const key = keyFor(placed);
    const group = this.groups.get(key) ?? (await this.create(key, placed));
    group.add(viewer);
    return { group, followsWindow: key === FIT_KEY };
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

  /** The request whose group a viewer asking for `request` gets (see join). */
  private place(request: ViewRequest): ViewRequest {
    const key = keyFor(request);
    if (request.fit || this.groups.has(key) || this.creating.has(key)) return request;
    const sizes = this.ownSizes();
    if (sizes.length < this.maxOwnSizeGroups) return request;
    const nearest = nearestFittingSize(request, sizes);
    return nearest ? ownSize(nearest) : { fit: true };
  }

  /** Sizes of the own-size groups, those being created included. */
  private ownSizes(): GridSize[] {
    const sizes: GridSize[] = [];
    for (const [key, group] of this.groups) if (key !== FIT_KEY) sizes.push(group);
    for (const [key, { request }] of this.creating) {
      if (key !== FIT_KEY && !this.groups.has(key) && !request.fit) sizes.push(request);
    }
    return sizes;
  }

  private create(key: string, request: ViewRequest): Promise<ViewerGroup> {
    const creating = this.creating.get(key);
    if (creating) return creating.group;
    const group = this.spawn(key, request).finally(() => this.creating.delete(key));
    this.creating.set(key, { request, group });
    return group;
  }

  private async spawn(key: string, request: ViewRequest): Promise<ViewerGroup> {
    const { tmux } = this;
    const { target } = this.config;
    // Held from before the group's client attaches until after it has exited.
    const release = await this.sizeGuard.hold();
    let group: ViewerGroup;
    try {
      const { cols, rows } = request.fit ? await windowViewSize(tmux, target) : request;
      group = new ViewerGroup({
        tmux,
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
      const { cols, rows } = await windowViewSize(this.tmux, this.config.target);
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
