// Choices the share dialog offers and checks before asking the gateway (pure, no DOM).

import {
  MAX_LINK_TTL_SECONDS,
  MAX_LINK_USES,
  MIN_LINK_TTL_SECONDS,
} from '../../shared/api/links.js';

// The bounds the gateway checks a new link against; no limit of uses at all is `null`.
export { MAX_LINK_TTL_SECONDS, MAX_LINK_USES, MIN_LINK_TTL_SECONDS };

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TtlOption {
  label: string;
  seconds: number;
}

/** The lifetimes in the dialog's select, shortest first. */
export const TTL_OPTIONS: readonly TtlOption[] = [
  { label: '15 min', seconds: 15 * MINUTE },
  { label: '1 h', seconds: HOUR },
  { label: '2 h', seconds: 2 * HOUR },
  { label: '8 h', seconds: 8 * HOUR },
  { label: '24 h', seconds: DAY },
  { label: '7 days', seconds: 7 * DAY },
];

/** Long enough for an incident call, short enough that a forgotten link dies the same day. */
export const DEFAULT_TTL_SECONDS = 2 * HOUR;

export type MaxUses = { ok: true; value: number | null } | { ok: false; message: string };

/** Reads the max-uses field: empty means unlimited (`null`), else a whole number in range. */
export function parseMaxUses(input: string): MaxUses {
  const text = input.trim();
  if (text === '') return { ok: true, value: null };
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1 || value > MAX_LINK_USES) {
    return {
      ok: false,
      message: `Max uses must be a whole number from 1 to ${MAX_LINK_USES.toLocaleString('en')}, or empty for unlimited.`,
    };
  }
  return { ok: true, value };
}

/** "unlimited", "1 use left", "3 uses left" for a link's `usesLeft`. */
export function usesLeftText(usesLeft: number | null): string {
  if (usesLeft === null) return 'unlimited';
  return `${String(usesLeft)} ${usesLeft === 1 ? 'use' : 'uses'} left`;
}

/** New links let their guests read the session's history unless the owner says otherwise. */
export const DEFAULT_GUEST_HISTORY = true;
