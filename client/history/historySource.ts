// The history API as the view uses it: the panes, a new snapshot, older and newer pages.

import { type HistoryPage, type Pane } from '../../shared/api/history.js';
import { api, apiPath } from '../../shared/httpApi.js';
import { ApiError, getJson } from '../api/http.js';

/** Lines asked for per page: the gateway's default `history.pageLines`. */
export const PAGE_LINES = 2_000;

/**
 * The least `history.pageLines` a gateway may be configured with: a gateway that refuses
 * PAGE_LINES as too many (400 `invalid_query`) is asked for this many from then on.
 */
export const MIN_PAGE_LINES = 100;

export interface HistorySource {
  panes(): Promise<Pane[]>;
  /** A new snapshot of `paneId`, answered with its last lines. */
  open(paneId: string): Promise<HistoryPage>;
  /** The lines of `snapshot` just before line `before`. */
  older(paneId: string, snapshot: string, before: number): Promise<HistoryPage>;
  /** `snapshot` extended with what the pane printed since, from line `after` on. */
  newer(paneId: string, snapshot: string, after: number): Promise<HistoryPage>;
}

type PageQuery = { snapshot?: string; before?: number; after?: number };

export function createHistorySource(session: string): HistorySource {
  let pageLines = PAGE_LINES;
  const ask = (paneId: string, query: PageQuery) => {
    const search = new URLSearchParams();
    const lines = query.before === undefined ? pageLines : Math.min(pageLines, query.before);
    for (const [key, value] of Object.entries({ ...query, lines })) {
      if (value !== undefined) search.set(key, String(value));
    }
    const path = apiPath(api.paneHistory, { name: session, paneId });
    return getJson(`${path}?${search.toString()}`, api.paneHistory.response);
  };
  const page = async (paneId: string, query: PageQuery): Promise<HistoryPage> => {
    try {
      return await ask(paneId, query);
    } catch (error) {
      const tooMany = error instanceof ApiError && error.code === 'invalid_query';
      if (!tooMany || pageLines === MIN_PAGE_LINES) throw error;
      pageLines = MIN_PAGE_LINES;
      return ask(paneId, query);
    }
  };
  return {
    panes: async () =>
      (await getJson(apiPath(api.listPanes, { name: session }), api.listPanes.response)).panes,
    open: (paneId) => page(paneId, {}),
    older: (paneId, snapshot, before) => page(paneId, { snapshot, before }),
    newer: (paneId, snapshot, after) => page(paneId, { snapshot, after }),
  };
}

/** The pane a view opens by default: the active pane of the session's current window. */
export function defaultPane(panes: readonly Pane[]): Pane | undefined {
  return (
    panes.find((pane) => pane.window.active && pane.active) ??
    panes.find((pane) => pane.active) ??
    panes[0]
  );
}

/** How the picker names a pane, as text: "window index:name — pane index title". */
export function paneLabel(pane: Pane): string {
  const title = pane.title === '' ? '' : ` ${pane.title}`;
  return `${String(pane.window.index)}:${pane.window.name} — pane ${String(pane.index)}${title}`;
}
