// The history API as the view uses it: the panes, a new snapshot, older and newer pages.

import { type HistoryPage, type Pane } from '../../shared/api/history.js';
import { api, apiPath } from '../../shared/httpApi.js';
import { getJson } from '../api/http.js';

/** Lines asked for per page, unless the gateway allows fewer (its `history.pageLines`). */
export const PAGE_LINES = 2_000;

export interface HistorySource {
  /** The session's panes; also learns how many lines a page may have here. */
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
  return {
    panes: async () => {
      const answer = await getJson(
        apiPath(api.listPanes, { name: session }),
        api.listPanes.response,
      );
      pageLines = Math.min(PAGE_LINES, answer.pageLines);
      return answer.panes;
    },
    open: (paneId) => ask(paneId, {}),
    older: (paneId, snapshot, before) => ask(paneId, { snapshot, before }),
    newer: (paneId, snapshot, after) => ask(paneId, { snapshot, after }),
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
