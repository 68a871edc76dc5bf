// Counts failures (failed logins) per key over a sliding window and says how long a key must wait.
// Attempts still being checked (an async scrypt) count as failures until settled, so concurrent
// attempts cannot all pass the check before the first of them is recorded.

import { isIPv4, isIPv6 } from 'node:net';

export interface FailureLimit {
  /** Failures allowed within any window of windowMs; the next attempt must wait. */
  maxFailures: number;
  windowMs: number;
}

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

/**
 * Per client address: generous enough for a shared NAT or office of people mistyping passwords,
 * and still only 80 guesses an hour from one address.
 */
export const LOGIN_FAILURES_PER_IP: FailureLimit = {
  maxFailures: 20,
  windowMs: FIFTEEN_MINUTES_MS,
};

/**
 * Per user name, whatever the address: stops a botnet from guessing one account's password, at
 * the price that anyone can lock a user out for 15 minutes (the usual trade-off; never for good).
 */
export const LOGIN_FAILURES_PER_USER: FailureLimit = {
  maxFailures: 5,
  windowMs: FIFTEEN_MINUTES_MS,
};

/** Keys tracked at once: bounds memory (a few MB at most) when an attacker sprays many keys. */
export const DEFAULT_MAX_KEYS = 10_000;

/**
 * Retry-After when a key is refused only because of its attempts in flight: they settle within one
 * scrypt (well under a second), after which the key may try again unless they failed.
 */
export const IN_FLIGHT_RETRY_SECONDS = 1;

/** An IPv6 client usually owns a whole /64, so it is limited as one address. */
const IPV6_PREFIX_GROUPS = 4;

export class FailureRateLimiter {
  /**
   * Failure times per key (at most maxFailures, oldest first). Invariant: the map is ordered by
   * each key's latest failure, oldest first (a key is re-inserted on every failure), so expired
   * and least recently failing keys are always at its front.
   */
  private readonly failures = new Map<string, number[]>();
  /** Attempts begun and not yet settled, per key (no entry when none). */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly limit: FailureLimit,
    private readonly now: () => number = Date.now,
    private readonly maxKeys: number = DEFAULT_MAX_KEYS,
  ) {}

  /**
   * Seconds until `key` may try again (for Retry-After); 0 when it may try now. Attempts in flight
   * count as failures: the limit is on failures, and any of them may be one.
   */
  retryAfterSeconds(key: string): number {
    const now = this.now();
    this.prune(now);
    const times = this.failures.get(key) ?? [];
    const pending = this.inFlight.get(key) ?? 0;
    if (times.length + pending < this.limit.maxFailures) return 0;
    if (times.length < this.limit.maxFailures) return IN_FLIGHT_RETRY_SECONDS;
    // Allowed again once the oldest of the last maxFailures failures leaves the window.
    const waitMs = (times[0] ?? now) + this.limit.windowMs - now;
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  /**
   * Counts an attempt on `key` as in flight, to be settled exactly once with settle(). Call it in
   * the same tick as the retryAfterSeconds() check that allowed it.
   */
  begin(key: string): void {
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
  }

  /** Settles an attempt begun with begin(): a failure is recorded, anything else forgotten. */
  settle(key: string, failed: boolean): void {
    const pending = (this.inFlight.get(key) ?? 0) - 1;
    if (pending > 0) this.inFlight.set(key, pending);
    else this.inFlight.delete(key);
    if (failed) this.recordFailure(key);
  }

  recordFailure(key: string): void {
    const now = this.now();
    this.prune(now);
    const times = this.failures.get(key) ?? [];
    this.failures.delete(key);
    times.push(now);
    if (times.length > this.limit.maxFailures) times.shift();
    this.failures.set(key, times);
    while (this.failures.size > this.maxKeys) this.deleteOldest();
  }

  /** Forgets `key`'s failures (after a successful login); attempts in flight stay counted. */
  reset(key: string): void {
    this.failures.delete(key);
  }

  /** Number of keys tracked (for tests and metrics). */
  get size(): number {
    return this.failures.size;
  }

  private prune(now: number): void {
    for (const [key, times] of this.failures) {
      const latest = times[times.length - 1] ?? 0;
      if (latest + this.limit.windowMs > now) return;
      this.failures.delete(key);
    }
  }

  private deleteOldest(): void {
    const oldest = this.failures.keys().next();
    if (!oldest.done) this.failures.delete(oldest.value);
  }
}

/**
 * The rate-limit key for a client address: IPv4 as is (also when IPv4-mapped in IPv6), IPv6 as
 * its /64 prefix, anything else unchanged.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [bare = ''] = address.toLowerCase().split('%');
  const [head = '', tail] = bare.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = tail === undefined ? 0 : Math.max(0, 8 - headGroups.length - tailGroups.length);
  const zeros = Array<string>(missing).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, IPV6_PREFIX_GROUPS);
  return `${groups.map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
