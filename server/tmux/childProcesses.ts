// Every long-lived child process the gateway starts (tmux attach clients, control-mode clients),
// so that whatever way the process ends, none of them outlives it attached to a session.

/** Pids of children that are still running. */
const running = new Set<number>();

export function trackChild(pid: number): void {
  running.add(pid);
}

export function untrackChild(pid: number): void {
  running.delete(pid);
}

export function runningChildCount(): number {
  return running.size;
}

/**
 * Signals every child still running (synchronously, so it works from an `exit` handler). A tmux
 * client that receives SIGTERM detaches from its session; the session itself is never touched.
 */
export function endAllChildren(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const pid of running) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
  running.clear();
}
