// The `window.__tmuxgate` hook end-to-end tests poll (the WebGL renderer draws text to a canvas).

/** What the e2e tests read from a terminal page. */
export interface TmuxgateTestHook {
  /** The active buffer's visible lines, right-trimmed, joined with '\n'. */
  screenText(): string;
  /** 'connecting' | 'connected' | 'reconnecting' | 'ended'. */
  connectionState(): string;
  /** The role from the gateway's hello (or a later role change); undefined before hello. */
  role(): string | undefined;
}

declare global {
  interface Window {
    __tmuxgate?: TmuxgateTestHook;
  }
}

export function installTestHook(hook: TmuxgateTestHook): void {
  window.__tmuxgate = hook;
}
