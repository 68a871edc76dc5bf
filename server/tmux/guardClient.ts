// One size-guard client: `tmux -C attach-session -f read-only,no-output`, whose stdin is never
// written and never closed while it is needed. It reports when tmux has attached it and when it
// exits; a gateway that dies closes the pipe, and the client ends with it.

import { DisposableStore } from '../../shared/lifecycle.js';
import { exactTarget, type TmuxControlProcess, type TmuxServer } from './tmuxServer.js';

/** tmux attaches a client in milliseconds; one that has not answered by then is not coming. */
const GUARD_ATTACH_TIMEOUT_MS = 5000;

/** What the gateway needs of one guard client (a seam for unit tests of SizeGuard). */
export interface GuardProcess {
  readonly pid: number | undefined;
  /** Resolves once tmux has attached the client; rejects if it never does. */
  readonly attached: Promise<void>;
  /** Called once, when the client has exited (detached, session ended, killed, never started). */
  onExit(listener: () => void): void;
  kill(): void;
}

export type GuardSpawner = (tmux: TmuxServer, target: string) => GuardProcess;

/** The guard's `tmux -C` arguments (the server adds its socket). */
export function guardArguments(target: string): string[] {
  // Not ignore-size: that is the point. A control client without `refresh-client -C` has no
  // size of its own, so tmux leaves it out of the window's size as well.
  return ['attach-session', '-t', exactTarget(target), '-f', 'read-only,no-output'];
}

/**
 * The meaning of one line of the guard's control-mode output before it is attached: the attach
 * command's reply ends in `%end` (attached) or `%error` (no such session), and `%exit` comes
 * before the client leaves.
 */
export function attachReply(line: string): 'attached' | 'failed' | undefined {
  const word = line.split(' ', 1)[0];
  if (word === '%end') return 'attached';
  if (word === '%error' || word === '%exit') return 'failed';
  return undefined;
}

class ControlGuard implements GuardProcess {
  readonly attached: Promise<void>;
  private readonly control: TmuxControlProcess;
  private readonly subscriptions = new DisposableStore();
  private readonly exitListeners: Array<() => void> = [];
  private exited = false;

  constructor(tmux: TmuxServer, target: string) {
    this.control = tmux.control(guardArguments(target));
    this.attached = new Promise<void>((resolve, reject) => {
      let pending = '';
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timeout);
        if (error) reject(error);
        else resolve();
      };
      const timeout = setTimeout(() => {
        settle(new Error(`tmux -C attach did not answer within ${GUARD_ATTACH_TIMEOUT_MS} ms`));
        this.kill();
      }, GUARD_ATTACH_TIMEOUT_MS);
      // Read for as long as it runs (the control process does), but only the reply to the
      // attach means anything.
      this.subscriptions.add(
        this.control.onOutput((chunk) => {
          if (settled) return;
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            const reply = attachReply(line);
            if (reply === 'attached') settle();
            else if (reply === 'failed')
              settle(new Error(`tmux -C attach failed: ${lines.join(' ')}`));
            if (settled) return;
          }
        }),
      );
      this.onExit(() => settle(new Error('tmux -C attach exited before attaching')));
    });
    // Rejections are for whoever awaits `attached`; an unawaited one is not a crash.
    this.attached.catch(() => undefined);
    this.subscriptions.add(this.control.onExit(() => this.markExited()));
    if (this.control.exited) this.markExited();
  }

  get pid(): number | undefined {
    return this.control.pid;
  }

  onExit(listener: () => void): void {
    if (this.exited) listener();
    else this.exitListeners.push(listener);
  }

  kill(): void {
    if (!this.exited) this.control.kill();
  }

  private markExited(): void {
    if (this.exited) return;
    this.exited = true;
    this.subscriptions.dispose();
    for (const listener of this.exitListeners.splice(0)) listener();
  }
}

export const spawnGuardClient: GuardSpawner = (tmux, target) => new ControlGuard(tmux, target);
