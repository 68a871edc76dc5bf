// Keeps a flood of refusals from one address out of the audit log: the first few of each kind (an
// event and its reason, both from small fixed sets) per address and interval are written one by one, the rest counted and written as one line with the
// count when the interval ends. Pure: the caller supplies the clock and writes the lines.

/** Refusals of one kind from one address written one by one per interval; enough to investigate. */
export const REFUSALS_WRITTEN_PER_INTERVAL = 5;

/** A minute: an attack's summary line arrives promptly, and a person's typos never reach it. */
export const REFUSAL_INTERVAL_MS = 60_000;

/**
 * Addresses followed at once. Past this the excess is counted under one shared key, so a flood
 * from many addresses costs bounded memory and is still summarised.
 */
export const MAX_TRACKED_SOURCES = 10_000;

/** Where refusals beyond MAX_TRACKED_SOURCES are counted. */
export const OVERFLOW_SOURCE = '*';

export interface RefusalSummary {
  event: string;
  reason: string | undefined;
  ip: string;
  /** Refusals counted, not written, in the interval. */
  count: number;
  /** When the interval began (ms since the epoch). */
  since: number;
}

interface Window {
  event: string;
  reason: string | undefined;
  ip: string;
  since: number;
  seen: number;
}

export class RefusalFlood {
  private readonly windows = new Map<string, Window>();

  /** True when this refusal is to be written; false when it is only counted. */
  admit(event: string, reason: string | undefined, ip: string, now: number): boolean {
    const kind = `${event}\u0000${reason ?? ''}`;
    let key = `${kind}\u0000${ip}`;
    let window = this.windows.get(key);
    if (!window && this.windows.size >= MAX_TRACKED_SOURCES) {
      key = `${kind}\u0000${OVERFLOW_SOURCE}`;
      window = this.windows.get(key);
      if (!window) {
        // The shared key starts past its allowance: beyond the cap nothing is written one by one.
        window = {
          event,
          reason,
          ip: OVERFLOW_SOURCE,
          since: now,
          seen: REFUSALS_WRITTEN_PER_INTERVAL,
        };
        this.windows.set(key, window);
      }
    }
    if (!window) {
      window = { event, reason, ip, since: now, seen: 0 };
      this.windows.set(key, window);
    }
    window.seen += 1;
    return window.seen <= REFUSALS_WRITTEN_PER_INTERVAL;
  }

  /** Ends the intervals that are over (all of them with `all`), returning what was only counted. */
  drain(now: number, all = false): RefusalSummary[] {
    const summaries: RefusalSummary[] = [];
    for (const [key, window] of this.windows) {
      if (!all && now - window.since < REFUSAL_INTERVAL_MS) continue;
      this.windows.delete(key);
      const count = window.seen - REFUSALS_WRITTEN_PER_INTERVAL;
      if (count > 0) {
        const { event, reason, ip, since } = window;
        summaries.push({ event, reason, ip, count, since });
      }
    }
    return summaries;
  }

  get trackedSources(): number {
    return this.windows.size;
  }
}
