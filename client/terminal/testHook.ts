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
