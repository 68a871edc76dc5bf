// Panes' history over the real API, against real tmux: pages of a long history in order, colours
// and wrapped lines kept, the pane never put in copy mode; who may read which pane; link switch.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayFixture } from './gatewayFixture.js';
import { errorOf, historySetup, paneInMode, plain, PROMPT } from './historyFixture.js';
import { TestClient } from './testClient.js';
import { waitFor } from './tmuxFixture.js';

const NUMBERED_LINES = 5000;
/** The wrapped line's length: several times the pane's 80 columns. */
const WIDE_LINE_COLS = 300;
const PAGE_LINES = 1000;
const ESC = String.fromCharCode(0x1b);

async function createLink(gw: GatewayFixture, owner: string, body: Record<string, unknown>) {
  const response = await fetch(`${gw.url}/api/sessions/main/links`, {
    method: 'POST',
    headers: { Cookie: owner, 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'viewer', ttlSeconds: 600, ...body }),
  });
  assert.equal(response.status, 201);
  return ((await response.json()) as { url: string }).url;
}

async function joinAs(gw: GatewayFixture, url: string, name: string): Promise<string> {
  const token = new URL(url).pathname.split('/').at(-1)!;
  const response = await fetch(`${gw.url}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, name }),
  });
  assert.equal(response.status, 200);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

describe('pane history', () => {
  it('pages a long history in order with colours and wrapped lines, leaving the pane alone', async (t) => {
    const s = await historySetup(t);
    const writer = await s.connect('olga');
    await writer.waitForScreen(new RegExp(`^${PROMPT}`, 'm'));
    writer.type(
      `printf '\\033[1;31mcoloured-line\\033[0m\\n'; printf 'W%.0s' $(seq ${WIDE_LINE_COLS}); echo; ` +
        `seq -f 'line-%g' ${NUMBERED_LINES}\r`,
    );
    await writer.waitForScreen(new RegExp(`^line-${NUMBERED_LINES}\\n${PROMPT}`, 'm'));
    const writerScreen = writer.screen();
    const viewer = await s.connect('vera');
    const panes = await s.api.panes(s.cookies.vera);
    assert.equal(panes.length, 1);
    const pane = panes[0]!;
    assert.ok(pane.active && pane.window.active);

    const { lines, snapshot } = await s.api.allLines(s.cookies.vera, pane.id, PAGE_LINES);
    assert.equal(snapshot.truncated, false);
    assert.equal(lines.length, snapshot.total);
    const numbered = lines.map(plain).filter((line) => /^line-\d+$/.test(line));
    assert.deepEqual(
      numbered,
      Array.from({ length: NUMBERED_LINES }, (_, i) => `line-${i + 1}`),
    );
    const coloured = lines.find((line) => plain(line) === 'coloured-line') ?? '';
    const attributes = coloured.slice(0, coloured.indexOf('coloured-line'));
    assert.ok(
      [`${ESC}[1;31m`, `${ESC}[1m${ESC}[31m`].includes(attributes),
      `the coloured line keeps bold and red: ${JSON.stringify(attributes)}`,
    );
    assert.ok(lines.map(plain).includes('W'.repeat(WIDE_LINE_COLS)), 'the wrapped line is whole');

    assert.equal(await paneInMode(s.tmux), '0');
    assert.equal(writer.screen(), writerScreen, "the writer's screen is unchanged");
    writer.type('echo still-$((6*7))\r');
    await viewer.waitForScreen(/^still-42$/m);
    assert.equal(await paneInMode(s.tmux), '0');

    const viewed = (await s.gw.audit()).filter((record) => record.event === 'history-viewed');
    assert.equal(viewed.length, 1, 'one snapshot opened, however many pages');
    assert.deepEqual(
      { ...viewed[0], time: 'any' },
      {
        time: 'any',
        event: 'history-viewed',
        user: 'vera',
        kind: 'local',
        session: 'main',
        pane: pane.id,
        lines: snapshot.total,
      },
    );
  });

  it("keeps each session's history to those with a role on it, and pane ids to their session", async (t) => {
    const s = await historySetup(t);
    const [mainPane] = await s.api.panes(s.cookies.olga);
    const [otherPane] = await s.api.panes(s.cookies.otto, 'other');
    assert.ok(mainPane && otherPane && mainPane.id !== otherPane.id);
    const history = (session: string, paneId: string, cookie: string | undefined) =>
      s.api.get(`${s.api.historyPath(session, paneId)}?lines=10`, cookie);

    // vera may read main, not other: other's answers are those of a session that does not exist.
    const refusals = [
      await s.api.get('/api/sessions/other/panes', s.cookies.vera),
      await history('other', otherPane.id, s.cookies.vera),
      await history('nosuch', otherPane.id, s.cookies.vera),
    ];
    for (const response of refusals) {
      assert.deepEqual(await errorOf(response), {
        status: 404,
        code: 'unknown_session',
        message: 'No such session.',
      });
    }
    // A pane id of another session on the same tmux server, or none at all: no such pane.
    for (const paneId of [otherPane.id, '%999999', 'main', '%1;ls']) {
      const response = await history('main', paneId, s.cookies.vera);
      assert.equal((await errorOf(response)).code, 'unknown_pane', paneId);
      assert.equal(response.status, 404);
    }
    assert.equal((await history('main', mainPane.id, undefined)).status, 401);
    assert.equal((await history('main', mainPane.id, s.cookies.vera)).status, 200);

    // History off for the session: refused to its owner too, and hello says so.
    const quietPane = (
      await s.tmux.tmux('display-message', '-p', '-t', '=quiet:', '#{pane_id}')
    ).trim();
    for (const response of [
      await s.api.get('/api/sessions/quiet/panes', s.cookies.olga),
      await history('quiet', quietPane, s.cookies.olga),
    ]) {
      assert.deepEqual(await errorOf(response), {
        status: 403,
        code: 'history_off',
        message: 'History is off for this session or this link.',
      });
    }
    const quietClient = await s.connect('olga', { session: 'quiet' });
    assert.equal((await quietClient.waitForMessage('hello')).history, false);
  });

  it('gives the guests of a link with history off no history, and others theirs', async (t) => {
    const s = await historySetup(t);
    const [pane] = await s.api.panes(s.cookies.olga);
    const closed = await joinAs(
      s.gw,
      await createLink(s.gw, s.cookies.olga, { history: false }),
      'g1',
    );
    const open = await joinAs(s.gw, await createLink(s.gw, s.cookies.olga, {}), 'g2');

    const listed = (await (
      await s.api.get('/api/sessions/main/links', s.cookies.olga)
    ).json()) as Array<{ history: boolean }>;
    assert.deepEqual(listed.map((link) => link.history).sort(), [false, true]);

    const closedClient = await TestClient.connect({ url: s.gw.url, cookie: closed });
    s.clients.push(closedClient);
    assert.equal((await closedClient.waitForMessage('hello')).history, false);
    const openClient = await TestClient.connect({ url: s.gw.url, cookie: open });
    s.clients.push(openClient);
    assert.equal((await openClient.waitForMessage('hello')).history, true);

    for (const path of [
      '/api/sessions/main/panes',
      `${s.api.historyPath('main', pane!.id)}?lines=5`,
    ]) {
      const refused = await errorOf(await s.api.get(path, closed));
      assert.equal(refused.status, 403, path);
      assert.equal(refused.code, 'history_off');
      assert.equal((await s.api.get(path, open)).status, 200, path);
    }
  });

  it("lists every pane of the session's windows, and each pane's history is its own", async (t) => {
    const s = await historySetup(t);
    await s.tmux.tmux('rename-window', '-t', '=main:0', 'editor');
    await s.tmux.tmux(
      'split-window',
      '-d',
      '-t',
      '=main:0',
      '--',
      'sh',
      '-c',
      'echo in-split; exec cat',
    );
    await s.tmux.tmux(
      'new-window',
      '-d',
      '-t',
      '=main:',
      '-n',
      'logs',
      '--',
      'sh',
      '-c',
      'echo in-logs; exec cat',
    );
    await s.tmux.tmux('select-pane', '-t', '=main:0.1', '-T', '<b>title</b>');
    const panes = await s.api.panes(s.cookies.vera);
    const described = panes.map((pane) => ({
      window: `${pane.window.index}:${pane.window.name}${pane.window.active ? '*' : ''}`,
      pane: `${pane.index}${pane.active ? '*' : ''}`,
    }));
    assert.deepEqual(described, [
      { window: '0:editor*', pane: '0*' },
      { window: '0:editor*', pane: '1' },
      { window: '1:logs', pane: '0*' },
    ]);
    assert.equal(panes[1]!.title, '<b>title</b>', 'titles come back as the text they are');
    const text = async (paneId: string) =>
      (await s.api.page(s.cookies.vera, paneId, 'lines=100')).lines.map(plain).join('\n');
    await waitFor('the split printed', async () => (await text(panes[1]!.id)).includes('in-split'));
    await waitFor('the logs window printed', async () =>
      /^in-logs$/m.test(await text(panes[2]!.id)),
    );
    assert.doesNotMatch(await text(panes[0]!.id), /in-split|in-logs/);
  });
});
