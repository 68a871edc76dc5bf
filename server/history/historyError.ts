// A history request the gateway refuses, with the HTTP status and error code it answers with.

export class HistoryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait, for a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HistoryError';
  }
}
