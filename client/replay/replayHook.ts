// The `window.__tmuxgateReplay` hook the end-to-end tests poll (xterm.js may draw to a canvas).

export interface ReplayTestHook {
  /** The player's visible lines, right-trimmed, joined with '\n'. */
  text(): string;
  /** The playback position and the recording's length, in seconds. */
  time(): number;
  duration(): number;
  playing(): boolean;
}

declare global {
  interface Window {
    __tmuxgateReplay?: ReplayTestHook;
  }
}

export function installReplayHook(hook: ReplayTestHook | undefined): void {
  window.__tmuxgateReplay = hook;
}
