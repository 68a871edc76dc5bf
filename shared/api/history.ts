// History endpoints: the panes of a session, and pages of one pane's history (what tmux's
// `capture-pane` keeps), for anyone who may open the session. docs/history.md explains the model:
// a snapshot taken when the view opens, paged backwards, extended at its end on demand.

import { z } from 'zod';
import { apiRoute } from './route.js';

/** A tmux pane id (`%3`): server-wide in tmux, so always checked against the session's panes. */
export const PANE_ID_PATTERN = /^%[0-9]{1,9}$/;
/** Snapshot ids are 16 random bytes in base64url. */
export const SNAPSHOT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** The most lines one page may ask for, whatever the gateway's `history.pageLines`. */
export const MAX_PAGE_LINES = 100_000;

const paneSchema = z.strictObject({
  /** tmux's pane id, `%<n>`. */
  id: z.string().regex(PANE_ID_PATTERN),
  /** The pane's index in its window (`#{pane_index}`). */
  index: z.number().int().min(0),
  /** The pane's title (`#{pane_title}`): text set by programs, shown as text, never as markup. */
  title: z.string(),
  /** The active pane of its window. */
  active: z.boolean(),
  window: z.strictObject({
    index: z.number().int().min(0),
    name: z.string(),
    /** The session's current window. */
    active: z.boolean(),
  }),
  /** Lines in its history now (`#{history_size}`), not counting the visible screen. */
  historyLines: z.number().int().min(0),
  cols: z.number().int().min(1),
  rows: z.number().int().min(1),
});
export type Pane = z.infer<typeof paneSchema>;

/**
 * `GET /api/sessions/:name/panes`: every pane of every window of the session, and the most
 * lines one page may ask for here (the gateway's `history.pageLines`).
 */
export const listPanes = apiRoute({
  method: 'GET',
  path: '/api/sessions/:name/panes',
  status: 200,
  body: undefined,
  response: z.strictObject({
    panes: z.array(paneSchema),
    pageLines: z.number().int().min(1).max(MAX_PAGE_LINES),
  }),
});

const count = (minimum: number) => z.coerce.number().int().min(minimum).max(MAX_PAGE_LINES);

/**
 * The query of a history request; one of three forms:
 * - `?lines=N`: takes a new snapshot and answers its last N lines;
 * - `?snapshot=S&before=K&lines=N`: the N lines of snapshot S just before line K (older);
 * - `?snapshot=S&after=K&lines=N`: first extends S with what the pane printed since it was taken,
 *   then answers up to N lines from line K on (newer).
 */
export const historyQuerySchema = z
  .strictObject({
    lines: count(1),
    snapshot: z.string().regex(SNAPSHOT_ID_PATTERN, 'must be a snapshot id').optional(),
    before: count(0).optional(),
    after: count(0).optional(),
  })
  .refine((query) => query.before === undefined || query.after === undefined, {
    message: 'give before or after, not both',
  })
  .refine(
    (query) =>
      (query.snapshot === undefined) === (query.before === undefined && query.after === undefined),
    { message: 'snapshot goes with before or after' },
  );
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** One page: lines [from, from + lines.length) of a snapshot that now has `total` lines. */
export const historyPageSchema = z.strictObject({
  snapshot: z.string().regex(SNAPSHOT_ID_PATTERN),
  total: z.number().int().min(0),
  from: z.number().int().min(0),
  /**
   * Lines oldest first, wrapped lines joined, with their colours and attributes as SGR escape
   * sequences; each page's first line starts with the attributes in force there.
   */
  lines: z.array(z.string()),
  /** Older history was left out of the snapshot: it was over the gateway's byte cap. */
  truncated: z.boolean(),
});
export type HistoryPage = z.infer<typeof historyPageSchema>;

/**
 * `GET /api/sessions/:name/panes/:paneId/history?…`: a page of a pane's history. 404 for a
 * session or pane the caller cannot open; 403 when history is off for the session or for the
 * caller's share link; 409 `history_moved_on` when `after` finds nothing in common with the pane
 * any more; 410 `snapshot_expired` for a snapshot the gateway no longer has; 429 with
 * Retry-After past the rate limit.
 */
export const paneHistory = apiRoute({
  method: 'GET',
  path: '/api/sessions/:name/panes/:paneId/history',
  status: 200,
  body: undefined,
  response: historyPageSchema,
  query: historyQuerySchema,
});
