// How often one person may ask a session's owners for write access: once per interval, however
// many browsers or reconnects they use. Kept by the session, keyed by who is asking.

import type { Identity } from '../auth/identity.js';

/** A person may ask for write access once per this interval; more often is ignored. */
export const WRITE_REQUEST_INTERVAL_MS = 30_000;

/**
 * Who is asking: the identity's kind and name, so that a guest named "alice" and the user alice
 * are two people; a guest also by the link they came through (guests choose their names).
 */
function personKey(identity: Identity): string {
  const link = identity.guest ? `:${identity.guest.linkId}` : '';
  return `${identity.kind}${link}:${identity.name}`;
}

export class WriteRequestCooldown {
  /** Person → when their last request reached the owners (only requests within the interval). */
  private readonly lastRequestAt = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly intervalMs = WRITE_REQUEST_INTERVAL_MS,
  ) {}

  /** Whether this person's request may reach the owners now; if so, their interval starts. */
  tryRequest(identity: Identity): boolean {
    const now = this.now();
    this.forgetExpired(now);
    const key = personKey(identity);
    if (this.lastRequestAt.has(key)) return false;
    this.lastRequestAt.set(key, now);
    return true;
  }

  /** Entries older than the interval no longer decide anything; dropping them bounds the map. */
  private forgetExpired(now: number): void {
    for (const [key, at] of this.lastRequestAt) {
      if (now - at >= this.intervalMs) this.lastRequestAt.delete(key);
    }
  }
}
