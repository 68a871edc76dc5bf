// What a failed history request means to the view: reload, reopen, wait, or say why (pure).

import { ApiError } from '../api/http.js';

export type HistoryProblem =
  /** 409: nothing in common with the pane any more; the reader may reload. */
  | { kind: 'moved-on'; message: string }
  /** 410: the gateway dropped the snapshot; open a new one without asking. */
  | { kind: 'expired' }
  /** 429: too many requests; try again later. */
  | { kind: 'rate-limited'; message: string }
  /** Anything else (403, 404, network): said as it is. */
  | { kind: 'failed'; message: string };

/** The view's wording for a failed request. */
export function historyProblem(error: unknown): HistoryProblem {
  if (!(error instanceof ApiError)) {
    return { kind: 'failed', message: 'Could not reach the gateway for history.' };
  }
  switch (error.status) {
    case 409:
      return {
        kind: 'moved-on',
        message: 'History moved on: the pane no longer has the lines this view started from.',
      };
    case 410:
      return { kind: 'expired' };
    case 429:
      return {
        kind: 'rate-limited',
        message: 'Too many history requests: trying again shortly.',
      };
    case 403:
      return { kind: 'failed', message: 'History is off for this session or for your link.' };
    case 404:
      return { kind: 'failed', message: 'This pane is gone, or you have no access to it.' };
    default:
      return { kind: 'failed', message: error.message };
  }
}

/** What the view does about a failed request. */
export interface ProblemHandlers {
  /** Take a new snapshot (the gateway dropped this one). */
  reopen: () => void;
  /** Say `message`; `reload` offers the Reload button. */
  notify: (message: string, reload: boolean) => void;
  /** Ask again later (past the rate limit). */
  retryLater: () => void;
}

/** Reopens, says why, or retries later, as the failure calls for. */
export function handleProblem(error: unknown, handlers: ProblemHandlers): void {
  const problem = historyProblem(error);
  switch (problem.kind) {
    case 'expired':
      return handlers.reopen();
    case 'moved-on':
      return handlers.notify(problem.message, true);
    case 'rate-limited':
      handlers.notify(problem.message, false);
      return handlers.retryLater();
    case 'failed':
      return handlers.notify(problem.message, false);
  }
}
