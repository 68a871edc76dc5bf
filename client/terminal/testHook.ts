// The `window.__tmuxgate` hook end-to-end tests poll (the WebGL renderer draws text to a canvas).

import { toDisposable, type Disposable } from '../../shared/lifecycle.js';
import type { PresenceClient } from '../../shared/protocol.js';

/** What the e2e tests read from a terminal page. */
export interface TmuxgateTestHook {
  /** The active buffer's visible lines, right-trimmed, joined with '\n'. */
  screenText(): string;
  /** 'connecting' | 'connected' | 'reconnecting' | 'ended'. */
  connectionState(): string;
  /** The role from the gateway's hello (or a later role change); undefined before hello. */
  role(): string | undefined;
  /** This connection's clientId from the latest hello; undefined before the first. */
  clientId(): string | undefined;
  /** The clients of the latest `presence` message ([] before the first). */
  presence(): PresenceClient[];
  /** 'fill' (terminal sized to the page) or 'window' (the session's size, font scaled to fit). */
  layout(): { mode: string; cols: number; rows: number; fontSize: number; zoom: number };
  /** The history view's lines (visible and all) and state; undefined while it is closed. */
  history(): HistoryState | undefined;
}

/** What the test hook reads of an open history view. */
export interface HistoryState {
  /** The pane shown (`%id`), once the panes are known. */
  paneId: string | undefined;
  /** Snapshot lines held: [from, total) at most. */
  from: number;
  total: number;
  /** A request is queued or running. */
  loading: boolean;
  /** Lines that arrived below while the reader was scrolled up. */
  newLines: number;
  /** The search count as shown ("3 of 12"), '' with no search. */
  matches: string;
  /** The history terminal's selection (a search selects its current match). */
  selection: string;
  /** The notice line ('' when none). */
  notice: string;
  /** The visible rows, right-trimmed, joined with '\n'. */
  visibleText: string;
  /** Every row of the history terminal, the same way. */
  text: string;
}

declare global {
  interface Window {
    __tmuxgate?: TmuxgateTestHook;
  }
}

/** Installs `hook` until the returned Disposable removes it (if it is still the one installed). */
export function installTestHook(hook: TmuxgateTestHook): Disposable {
  window.__tmuxgate = hook;
  return toDisposable(() => {
    if (window.__tmuxgate === hook) delete window.__tmuxgate;
  });
}
