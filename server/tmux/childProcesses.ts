// Every long-lived child process the gateway starts (tmux attach clients, control-mode clients),
// so that whatever way the process ends, none of them outlives it attached to a session.

/** Pids of attach-pty children that are still running. */
const running = new Set<number>();
/**
 * Pids of control-mode clients (`tmux -C`) still running. They would end on their own once the
 * gateway's end of their stdin closes, but only as soon as tmux reads it: they are signalled too.
 * Kept apart so that runningChildCount() keeps counting the browsers' and recorders' ptys only.
 */
const controlClients = new Set<number>();

export function trackChild(pid: number): void {
  running.add(pid);
}

export function untrackChild(pid: number): void {
  running.delete(pid);
}

export function trackControlClient(pid: number): void {
  controlClients.add(pid);
}

export function untrackControlClient(pid: number): void {
  controlClients.delete(pid);
}

/** Attach ptys still running (control-mode clients are not counted). */
export function runningChildCount(): number {
  return running.size;
}

/**
 * Signals every child still running (synchronously, so it works from an `exit` handler). A tmux
 * client that receives SIGTERM detaches from its session; the session itself is never touched.
 */
export function endAllChildren(signal: NodeJS.Signals = 'SIGTERM'): void {
  for (const pid of [...running, ...controlClients]) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
  running.clear();
  controlClients.clear();
}
