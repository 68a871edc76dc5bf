// The logins that have WebSockets open: each socket is ended (signed-out) once its login stops
// being valid — at once on logout, and within one check interval when it expires or no longer
// matches the current config.

import type { SignedLogin } from './loginCookie.js';

/**
 * How often open sockets' logins are checked: one timer for every socket, and a login ends at
 * most this long after it expired (logout ends its sockets at once, without waiting for it).
 */
export const OPEN_LOGIN_CHECK_MS = 5000;

interface Watcher {
  login: SignedLogin;
  end: () => void;
}

export class OpenLogins {
  private readonly watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Whether a login is still valid now: the same check every HTTP request makes. */
    private readonly isValid: (login: SignedLogin) => boolean,
    private readonly checkMs = OPEN_LOGIN_CHECK_MS,
  ) {}

  /**
   * Calls `end` once when `login` stops being valid while watched. Returns the function that stops
   * watching (call it when the socket closes, whyever it closed).
   */
  watch(login: SignedLogin, end: () => void): () => void {
    const watcher: Watcher = { login, end };
    this.watchers.add(watcher);
    this.timer ??= setInterval(() => this.check(), this.checkMs).unref();
    return () => this.forget(watcher);
  }

  /** Ends every socket of login `id` now (it was revoked by logout). */
  revoked(id: string): void {
    for (const watcher of [...this.watchers]) {
      if (watcher.login.id === id) this.endWatcher(watcher);
    }
  }

  /** Sockets watched (for tests). */
  get size(): number {
    return this.watchers.size;
  }

  /** Ends every socket whose login is no longer valid. */
  check(): void {
    for (const watcher of [...this.watchers]) {
      if (!this.isValid(watcher.login)) this.endWatcher(watcher);
    }
  }

  private endWatcher(watcher: Watcher): void {
    this.forget(watcher);
    watcher.end();
  }

  private forget(watcher: Watcher): void {
    this.watchers.delete(watcher);
    if (this.watchers.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
