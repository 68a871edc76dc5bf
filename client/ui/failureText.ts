// What a failed API call says to the person on the page: one wording for every form and dialog.

import { ApiError } from '../api/http.js';

/** A call that failed without an answer (fetch threw): the gateway is down or the network is. */
export const UNREACHABLE_TEXT = 'The gateway could not be reached.';

/** Too many sign-in or join attempts: the gateway's rate limit answers 429. */
export const TOO_MANY_ATTEMPTS_TEXT = 'Too many attempts. Wait a minute, then try again.';

/** The page's own words for statuses it knows better than the gateway's message. */
export type StatusTexts = Readonly<Partial<Record<number, string>>>;

/**
 * An ApiError's text: the page's words for its status, else the gateway's message. Anything else
 * is `other`'s, by default {@link UNREACHABLE_TEXT}.
 */
export function failureText(
  failure: unknown,
  byStatus: StatusTexts = {},
  other: (failure: unknown) => string = () => UNREACHABLE_TEXT,
): string {
  if (failure instanceof ApiError) return byStatus[failure.status] ?? failure.message;
  return other(failure);
}
