// Bounded polling and sleeping: every wait in the bench ends, with a clear error if it must.

/** Generous bound for a single wait; a healthy run never comes near it. */
export const DEFAULT_WAIT_MS = 60_000;
/** Polling interval: short enough not to blur timings measured by events, not by polls. */
const POLL_MS = 5;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitUntil(
  what: string,
  probe: () => boolean,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}
