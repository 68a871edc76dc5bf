// The terminal WebSocket's URL: `/api/sessions/<name>/ws?cols=C&rows=R[&fit=1]`, built by the page
// and parsed by the gateway's upgrade, here once for both.

import { clampSize } from './protocol.js';

/** The size a terminal opens at when the URL gives none (or nonsense): the VT100's. */
export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;

const SOCKET_PATH = /^\/api\/sessions\/([^/]+)\/ws$/;

/** What a terminal WebSocket asks for. */
export interface TerminalSocketTarget {
  /** The session's name as given (it is checked against the configured names afterwards). */
  session: string;
  cols: number;
  rows: number;
  /** Viewer: follow the session's window (see `fit` in protocol.ts). */
  fit: boolean;
}

/** A request's query, as URLSearchParams offers it (shared/ has no DOM or Node types). */
export interface QueryParams {
  get(name: string): string | null;
}

/** The path and query of the WebSocket for `target` (the page adds scheme and host). */
export function terminalSocketPath(target: TerminalSocketTarget): string {
  const query = [`cols=${encodeURIComponent(String(target.cols))}`];
  query.push(`rows=${encodeURIComponent(String(target.rows))}`);
  if (target.fit) query.push('fit=1');
  return `/api/sessions/${encodeURIComponent(target.session)}/ws?${query.join('&')}`;
}

function decodedName(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    // Not valid percent-encoding: a name no session has, refused as unknown like any other.
    return '';
  }
}

function sizeParam(value: string | null, fallback: number): number {
  const parsed = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

/**
 * The terminal a WebSocket path asks for, its size clamped to the protocol's bounds; undefined
 * when `pathname` is not a terminal WebSocket's path at all.
 */
export function parseTerminalSocketTarget(
  pathname: string,
  query: QueryParams,
): TerminalSocketTarget | undefined {
  const match = SOCKET_PATH.exec(pathname);
  if (!match) return undefined;
  const size = clampSize(
    sizeParam(query.get('cols'), DEFAULT_COLS),
    sizeParam(query.get('rows'), DEFAULT_ROWS),
  );
  return { session: decodedName(match[1] ?? ''), ...size, fit: query.get('fit') === '1' };
}
