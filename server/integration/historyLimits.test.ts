// History's bounds over the real API, against real tmux: page and snapshot byte caps, the rate
// limit, bad page requests, and extending a snapshot (also concurrently) — while others echo.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listPanes } from '../../shared/api/history.js';
import { errorOf, historySetup, plain, PROMPT } from './historyFixture.js';
import type { TestClient } from './testClient.js';

const KIB = 1024;
const MIB = 1024 * KIB;
/**
 * Lines of WIDE_COLS cells, each cell a colour change: about 10 bytes a cell, 7 MB in all, over
 * the 1 MiB snapshot cap below (even twice over: the capture is retried with fewer lines); 4 rows
 * each, so that HISTORY_LIMIT rows hold them all.
 */
const WIDE_LINES = 2400;
const WIDE_COLS = 300;

/**
 * Prints `count` lines `<prefix><n>-` (n from 1), each followed by `cols` cells of alternating
 * colours, and waits for the prompt.
 */
async function printLines(writer: TestClient, prefix: string, count: number, cols = 0) {
  const pad = cols > 0 ? `; for(j=0;j<${cols};j++) printf (j%2 ? "\\033[31mx" : "\\033[32mx")` : '';
  writer.type(
    `awk 'BEGIN{for(i=1;i<=${count};i++){printf "${prefix}%d-", i${pad}; print ""}}'; echo done-$((${count}+0))\r`,
  );
  await writer.waitForScreen(new RegExp(`^done-${count}\\n${PROMPT}`, 'm'));
}

/** A writer's echo still reaches a viewer (the gateway kept serving). */
async function stillEchoes(writer: TestClient, viewer: TestClient, token: number) {
  writer.type(`echo echo-$((${token}+1))\r`);
  await viewer.waitForScreen(new RegExp(`^echo-${token + 1}$`, 'm'));
}

const numberOf = (line: string, prefix: string) =>
  Number(new RegExp(`^${prefix}(\\d+)-`).exec(plain(line))?.[1] ?? NaN);

describe('pane history limits', () => {
  it('cuts pages and snapshots to their byte caps, newest kept, and says so', async (t) => {
    const s = await historySetup(t, { pageBytes: 64 * KIB, snapshotBytes: MIB });
    const writer = await s.connect('olga');
    await writer.waitForScreen(new RegExp(`^${PROMPT}`, 'm'));
    await printLines(writer, 'wide-', WIDE_LINES, WIDE_COLS);
    const viewer = await s.connect('vera');
    const [pane] = await s.api.panes(s.cookies.vera);

    // The big capture runs while the writer's echo still reaches the viewer.
    const [last] = await Promise.all([
      s.api.page(s.cookies.vera, pane!.id, 'lines=2000'),
      stillEchoes(writer, viewer, 0),
    ]);
    assert.equal(last.truncated, true, 'the snapshot says older lines were left out');
    const pageBytes = last.lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    assert.ok(pageBytes <= 64 * KIB, `a page holds at most pageBytes (${pageBytes})`);
    assert.ok(last.lines.length > 10 && last.lines.length < 2000, `${last.lines.length} lines`);
    assert.equal(last.from + last.lines.length, last.total, 'the newest lines are kept');
    await stillEchoes(writer, viewer, 1);

    const { lines, snapshot } = await s.api.allLines(s.cookies.vera, pane!.id, 2000);
    const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    assert.ok(bytes <= MIB, `a snapshot holds at most snapshotBytes (${bytes})`);
    const numbers = lines.map((line) => numberOf(line, 'wide-')).filter((n) => !Number.isNaN(n));
    assert.equal(numbers.at(-1), WIDE_LINES, 'ends with the newest line');
    assert.ok(numbers.length < WIDE_LINES, 'older lines were left out');
    numbers.forEach((n, i) => assert.equal(n, numbers[0]! + i, 'whole lines, in order'));
    assert.equal(snapshot.truncated, true);
  });

  it('answers bad page requests with clear errors, and keeps serving', async (t) => {
    const s = await historySetup(t, { pageLines: 500 });
    const writer = await s.connect('olga');
    const viewer = await s.connect('vera');
    const [pane] = await s.api.panes(s.cookies.vera);
    const listed = await s.api.get('/api/sessions/main/panes', s.cookies.vera);
    assert.equal(listPanes.response.parse(await listed.json()).pageLines, 500, 'the page bound');
    const path = s.api.historyPath('main', pane!.id);
    const open = await s.api.page(s.cookies.vera, pane!.id, 'lines=10');
    const snap = open.snapshot;
    const cases: Array<[string, number, string, RegExp]> = [
      ['lines=501', 400, 'invalid_query', /lines must be at most 500 \(history\.pageLines\)/],
      ['lines=0', 400, 'invalid_query', /^lines: /],
      ['lines=ten', 400, 'invalid_query', /^lines: /],
      ['', 400, 'invalid_query', /^lines: /],
      ['lines=5&before=3', 400, 'invalid_query', /snapshot goes with before or after/],
      [`lines=5&snapshot=${snap}&before=1&after=1`, 400, 'invalid_query', /before or after/],
      ['lines=5&snapshot=nope&before=1', 400, 'invalid_query', /snapshot: must be a snapshot id/],
      [`lines=5&snapshot=${snap}&before=99999`, 400, 'invalid_query', /before must be at most/],
      ['lines=5&pane=%1', 400, 'invalid_query', /pane/],
      [`lines=5&snapshot=${'A'.repeat(22)}&before=1`, 410, 'snapshot_expired', /expired/],
    ];
    for (const [query, status, code, message] of cases) {
      const answer = await errorOf(await s.api.get(`${path}?${query}`, s.cookies.vera));
      assert.equal(answer.status, status, query);
      assert.equal(answer.code, code, query);
      assert.match(answer.message, message, query);
    }
    // A snapshot is its taker's: olga, on the same session and pane, cannot use vera's.
    const borrowed = await s.api.get(`${path}?lines=5&snapshot=${snap}&before=1`, s.cookies.olga);
    assert.equal((await errorOf(borrowed)).status, 410);
    await stillEchoes(writer, viewer, 2);
  });

  it('rate limits each login, with Retry-After, while others are served and echo', async (t) => {
    const s = await historySetup(t, { requestsPerMinute: 6 });
    const writer = await s.connect('olga');
    const viewer = await s.connect('vera');
    const [pane] = await s.api.panes(s.cookies.vera);
    for (let i = 1; i < 6; i += 1) await s.api.page(s.cookies.vera, pane!.id, 'lines=5');
    const limited = await s.api.get(
      `${s.api.historyPath('main', pane!.id)}?lines=5`,
      s.cookies.vera,
    );
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await errorOf(limited)).code, 'rate_limited');
    assert.equal((await s.api.get('/api/sessions/main/panes', s.cookies.vera)).status, 429);
    assert.equal((await s.api.panes(s.cookies.olga)).length, 1, 'another login is served');
    await stillEchoes(writer, viewer, 3);
  });

  it('extends a snapshot with what the pane printed since, also when asked concurrently', async (t) => {
    const s = await historySetup(t);
    const writer = await s.connect('olga');
    await writer.waitForScreen(new RegExp(`^${PROMPT}`, 'm'));
    await printLines(writer, 'first-', 100);
    const [pane] = await s.api.panes(s.cookies.vera);
    const open = await s.api.page(s.cookies.vera, pane!.id, 'lines=2000');
    const after = `snapshot=${open.snapshot}&after=${Math.max(0, open.total - pane!.rows)}&lines=2000`;
    const ROUNDS = 8;
    const CONCURRENT = 4;
    for (let round = 1; round <= ROUNDS; round += 1) {
      await printLines(writer, `r${round}-`, 30);
      const pages = await Promise.all(
        Array.from({ length: CONCURRENT }, () => s.api.page(s.cookies.vera, pane!.id, after)),
      );
      for (const page of pages)
        assert.ok(page.lines.some((l) => plain(l).startsWith(`r${round}-30-`)));
    }
    // The whole snapshot now (it is far shorter than a page): each round's lines once, in order.
    const whole = await s.api.page(
      s.cookies.vera,
      pane!.id,
      `snapshot=${open.snapshot}&after=0&lines=2000`,
    );
    assert.equal(whole.lines.length, whole.total);
    const snapshotLines = whole.lines;
    assert.deepEqual(
      snapshotLines.map((line) => numberOf(line, 'first-')).filter((n) => !Number.isNaN(n)),
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    for (let round = 1; round <= ROUNDS; round += 1) {
      const numbers = snapshotLines
        .map((line) => numberOf(line, `r${round}-`))
        .filter((n) => !Number.isNaN(n));
      assert.deepEqual(
        numbers,
        Array.from({ length: 30 }, (_, i) => i + 1),
        `round ${round} once, in order`,
      );
    }
  });

  it('says history moved on when nothing is in common any more', async (t) => {
    const s = await historySetup(t);
    const writer = await s.connect('olga');
    await writer.waitForScreen(new RegExp(`^${PROMPT}`, 'm'));
    await printLines(writer, 'before-', 200);
    const [pane] = await s.api.panes(s.cookies.vera);
    const open = await s.api.page(s.cookies.vera, pane!.id, 'lines=10');
    await s.tmux.tmux('clear-history', '-t', '=main:');
    writer.type('clear\r');
    await printLines(writer, 'after-', 100);
    const response = await s.api.get(
      `${s.api.historyPath('main', pane!.id)}?snapshot=${open.snapshot}&after=${open.total}&lines=10`,
      s.cookies.vera,
    );
    const moved = await errorOf(response);
    assert.equal(moved.status, 409);
    assert.equal(moved.code, 'history_moved_on');
  });
});
