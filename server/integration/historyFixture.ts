// What the history integration tests share: sessions on a tmux server whose panes keep more than
// tmux's default history, and the history endpoints' requests, parsed with their schemas.

import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { historyPageSchema, listPanes, type HistoryPage } from '../../shared/api/history.js';
import { errorBodySchema } from '../../shared/api/route.js';
import { DEFAULT_HISTORY, type HistoryConfig } from '../config/gatewayConfig.js';
import { sessionOn } from './gatewayFixture.js';
import { setup } from './setup.js';
import { TEST_PROMPT, type TmuxFixture } from './tmuxFixture.js';

/** More than tmux's default history-limit (2,000), so the test shows it is not what bounds us. */
export const HISTORY_LIMIT = 10_000;
/** The test prompt as a pattern. */
export const PROMPT = TEST_PROMPT.replace('$', '\\$');
const ESC = String.fromCharCode(0x1b);
const SGR = new RegExp(`${ESC}\\[[0-9;:]*m`, 'g');

/** history-limit is read when a pane is created: set it first, on a holder session. */
async function startSessions(tmux: TmuxFixture): Promise<void> {
  await tmux.newSession('holder');
  await tmux.tmux('set-option', '-g', 'history-limit', String(HISTORY_LIMIT));
  await tmux.tmux('set-option', '-g', 'status-right', '');
  for (const name of ['main', 'other', 'quiet']) await tmux.newSession(name);
}

/**
 * olga owns main (vera views it), otto owns other; quiet has history off. Each on the same tmux
 * server, whose panes keep HISTORY_LIMIT lines.
 */
export async function historySetup(t: TestContext, history: Partial<HistoryConfig> = {}) {
  const s = await setup(t, {
    users: ['olga', 'vera', 'otto'],
    tmuxSessions: [],
    sessions: (socket) => [
      sessionOn(socket, 'main', { access: { olga: 'owner', vera: 'viewer' } }),
      sessionOn(socket, 'other', { access: { otto: 'owner' } }),
      sessionOn(socket, 'quiet', { access: { olga: 'owner' }, history: false }),
    ],
    gateway: { history: { ...DEFAULT_HISTORY, ...history } },
  });
  await startSessions(s.tmux);
  const base = s.gw.url;
  return { ...s, api: historyApi(base) };
}

export function historyApi(base: string) {
  const get = (path: string, cookie: string | undefined) =>
    fetch(`${base}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
  const historyPath = (session: string, paneId: string) =>
    `/api/sessions/${session}/panes/${encodeURIComponent(paneId)}/history`;
  return {
    get,
    historyPath,
    async panes(cookie: string, session = 'main') {
      const response = await get(`/api/sessions/${session}/panes`, cookie);
      assert.equal(response.status, 200);
      return listPanes.response.parse(await response.json()).panes;
    },
    /** A page of main's (or `session`'s) pane: `query` is the query string without its `?`. */
    async page(cookie: string, paneId: string, query: string, session = 'main') {
      const response = await get(`${historyPath(session, paneId)}?${query}`, cookie);
      const body: unknown = await response.json();
      assert.equal(response.status, 200, JSON.stringify(body));
      return historyPageSchema.parse(body);
    },
    /** Every line of a new snapshot, paging backwards from its end `lines` at a time. */
    async allLines(cookie: string, paneId: string, lines: number) {
      const first = await this.page(cookie, paneId, `lines=${lines}`);
      const pages: HistoryPage[] = [first];
      for (let from = first.from; from > 0;) {
        const older = await this.page(
          cookie,
          paneId,
          `snapshot=${first.snapshot}&before=${from}&lines=${lines}`,
        );
        assert.equal(older.from + older.lines.length, from, 'pages are contiguous');
        pages.unshift(older);
        from = older.from;
      }
      return { snapshot: first, lines: pages.flatMap((p) => p.lines), pages };
    },
  };
}

/** The error answer's status, code and message. */
export async function errorOf(response: Response) {
  return { status: response.status, ...errorBodySchema.parse(await response.json()).error };
}

/** A line as it reads, without its colours. */
export function plain(line: string): string {
  return line.replace(SGR, '');
}

export async function paneInMode(tmux: TmuxFixture, session = 'main'): Promise<string> {
  return (await tmux.tmux('display-message', '-p', '-t', `=${session}:`, '#{pane_in_mode}')).trim();
}
