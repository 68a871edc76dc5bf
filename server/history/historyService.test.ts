import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { ManualTimers } from '../../shared/timers.js';
import type { AuditLog, AuditRecord } from '../audit.js';
import { DEFAULT_HISTORY, type HistoryConfig } from '../config/gatewayConfig.js';
import { FakeTmuxServer } from '../tmux/fakeTmuxServer.js';
import { HistoryError } from './historyError.js';
import { HistoryService } from './historyService.js';

const ROWS = 3;
const reader = { login: 'login-1', user: 'vera', kind: 'local' };

/** A pane %1 of session main whose history and screen a test changes; capture-pane honours -S. */
function fixture(t: TestContext, config: Partial<HistoryConfig> = {}) {
  const pane = { lines: [] as string[] };
  const tmux = new FakeTmuxServer();
  tmux.answer(
    'list-panes',
    () => `%1\t0\t1\t0\t1\t${Math.max(0, pane.lines.length - ROWS)}\t80\t${ROWS}\tsh\tt\n`,
  );
  tmux.answer('capture-pane', (args) => {
    const start = args[args.indexOf('-S') + 1] ?? '-';
    const history = Math.max(0, pane.lines.length - ROWS);
    const from = start === '-' ? 0 : Math.max(0, history + Number(start));
    return `${pane.lines.slice(from).join('\n')}\n`;
  });
  const records: AuditRecord[] = [];
  const audit: AuditLog = { write: (record) => records.push(record), dispose: () => undefined };
  let now = 0;
  const service = new HistoryService(
    { ...DEFAULT_HISTORY, ...config },
    audit,
    new ManualTimers(),
    () => now,
  );
  t.after(() => service.dispose());
  const session = { name: 'main', tmux, config: { target: 'main' } };
  return {
    pane,
    records,
    service,
    tick: (ms: number) => (now += ms),
    page: (
      query: { lines: number; snapshot?: string; before?: number; after?: number },
      who = reader,
    ) => service.page(session, '%1', query, who),
  };
}

const numbered = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `l${from + i}`);

async function refusal(promise: Promise<unknown>): Promise<HistoryError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof HistoryError, String(error));
  return error;
}

describe('history service', () => {
  it('opens a snapshot (audited once), pages back in it, and extends it', async (t) => {
    const f = fixture(t);
    f.pane.lines = numbered(1, 50);
    const last = await f.page({ lines: 10 });
    assert.deepEqual([last.from, last.total, last.lines], [40, 50, numbered(41, 50)]);
    const older = await f.page({ lines: 10, snapshot: last.snapshot, before: 40 });
    assert.deepEqual(older.lines, numbered(31, 40));
    f.pane.lines = numbered(1, 60);
    const newer = await f.page({ lines: 100, snapshot: last.snapshot, after: 47 });
    assert.deepEqual([newer.from, newer.total, newer.lines], [47, 60, numbered(48, 60)]);
    assert.deepEqual(f.records, [
      {
        event: 'history-viewed',
        user: 'vera',
        kind: 'local',
        session: 'main',
        pane: '%1',
        lines: 50,
      },
    ]);
  });

  it('refuses what is not a page: too many lines, a pane not in the session, another login', async (t) => {
    const f = fixture(t, { pageLines: 100 });
    f.pane.lines = numbered(1, 5);
    assert.equal((await refusal(f.page({ lines: 101 }))).status, 400);
    const session = { name: 'main', tmux: new FakeTmuxServer(), config: { target: 'main' } };
    assert.equal((await refusal(f.service.page(session, '%1', { lines: 5 }, reader))).status, 404);
    const { snapshot } = await f.page({ lines: 5 });
    const other = { ...reader, login: 'login-2' };
    assert.equal(
      (await refusal(f.page({ lines: 5, snapshot, before: 1 }, other))).code,
      'snapshot_expired',
    );
    assert.equal((await refusal(f.page({ lines: 5, snapshot, before: 6 }))).status, 400);
    assert.deepEqual(
      (await f.page({ lines: 5, snapshot, after: 99 })).lines,
      [],
      'after past the end: the end',
    );
  });

  it('says moved on when the pane has nothing in common with the snapshot, or it would outgrow its bound', async (t) => {
    const f = fixture(t, { snapshotBytes: 1024 * 1024 });
    f.pane.lines = numbered(1, 50);
    const { snapshot } = await f.page({ lines: 10 });
    f.pane.lines = numbered(500, 600);
    assert.equal(
      (await refusal(f.page({ lines: 10, snapshot, after: 0 }))).code,
      'history_moved_on',
    );
    f.pane.lines = numbered(1, 50);
    const second = await f.page({ lines: 10 });
    f.pane.lines = [...numbered(1, 50), 'x'.repeat(1024 * 1024)];
    assert.equal(
      (await refusal(f.page({ lines: 10, snapshot: second.snapshot, after: 0 }))).status,
      409,
    );
  });

  it('rate limits each login over a minute', (t) => {
    const f = fixture(t, { requestsPerMinute: 6 });
    for (let i = 0; i < 6; i += 1) f.service.admit(reader);
    assert.throws(
      () => f.service.admit(reader),
      (error: unknown) => {
        assert.ok(error instanceof HistoryError);
        assert.equal(error.status, 429);
        assert.equal(error.retryAfterSeconds, 60);
        return true;
      },
    );
    f.service.admit({ ...reader, login: 'login-2' });
    f.tick(60_001);
    f.service.admit(reader);
  });
});
