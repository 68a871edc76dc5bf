// The history API as the view uses it: the panes, a new snapshot, older and newer pages.

import { type HistoryPage, type Pane } from '../../shared/api/history.js';
import { api, apiPath } from '../../shared/httpApi.js';
import { getJson } from '../api/http.js';

/**
 * Lines asked for per page: the gateway's default `history.pageLines`. A gateway configured for
 * fewer answers fewer, and the view asks again from where the answer starts or ends.
 */
export const PAGE_LINES = 2_000;

export interface HistorySource {
  panes(): Promise<Pane[]>;
  /** A new snapshot of `paneId`, answered with its last lines. */
  open(paneId: string): Promise<HistoryPage>;
  /** The lines of `snapshot` just before line `before`. */
  older(paneId: string, snapshot: string, before: number): Promise<HistoryPage>;
  /** `snapshot` extended with what the pane printed since, from line `after` on. */
  newer(paneId: string, snapshot: string, after: number): Promise<HistoryPage>;
}

export function createHistorySource(session: string): HistorySource {
  const page = (paneId: string, query: Record<string, string | number>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) search.set(key, String(value));
    const path = apiPath(api.paneHistory, { name: session, paneId });
    return getJson(`${path}?${search.toString()}`, api.paneHistory.response);
  };
  return {
    panes: async () =>
      (await getJson(apiPath(api.listPanes, { name: session }), api.listPanes.response)).panes,
    open: (paneId) => page(paneId, { lines: PAGE_LINES }),
    older: (paneId, snapshot, before) =>
      page(paneId, { snapshot, before, lines: Math.min(PAGE_LINES, before) }),
    newer: (paneId, snapshot, after) => page(paneId, { snapshot, after, lines: PAGE_LINES }),
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
