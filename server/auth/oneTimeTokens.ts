// One-time login tokens, as in the URL that `tmuxgate serve` prints: single use, short-lived,
// 256 bits of randomness, held only as SHA-256 hashes in memory.

import { TOKEN_PATTERN, hashToken, newToken } from './bearerTokens.js';
import type { Identity } from './identity.js';

/** Long enough to copy a link from a terminal into a browser; short enough not to linger. */
export const ONE_TIME_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

interface PendingToken {
  identity: Identity;
  expiresAt: number;
}

export class OneTimeTokens {
  private readonly pending = new Map<string, PendingToken>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = ONE_TIME_TOKEN_LIFETIME_MS,
  ) {}

  issue(identity: Identity): string {
    this.sweep();
    const token = newToken();
    this.pending.set(hashToken(token), { identity, expiresAt: this.now() + this.lifetimeMs });
    return token;
  }

  /** The identity a token stands for, consuming it; null if unknown, used or expired. */
  consume(token: string): Identity | null {
    if (!TOKEN_PATTERN.test(token)) return null;
    const key = hashToken(token);
    const entry = this.pending.get(key);
    if (!entry) return null;
    this.pending.delete(key);
    return entry.expiresAt > this.now() ? entry.identity : null;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.pending) {
      if (entry.expiresAt <= now) this.pending.delete(key);
    }
  }
}
