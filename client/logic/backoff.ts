// Reconnect delays: exponential backoff with jitter, so that a restarted gateway is not stampeded.

/** First retry comes quickly: a gateway restart usually takes about a second. */
export const BACKOFF_BASE_MS = 500;

/** Never wait longer than this between attempts, so the page comes back soon after the gateway. */
export const BACKOFF_MAX_MS = 10_000;

/**
 * Delay before reconnect attempt `attempt` (0 for the first): half of the exponential step is
 * fixed, half is random ("equal jitter"), so hundreds of viewers spread out but none waits long.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}
