import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureSessionDir,
  listRecordings,
  recordingPath,
  removeExpired,
} from './recordingFiles.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HEADER = '{"version":2,"width":80,"height":24,"timestamp":1714564800,"title":"t"}\n';

async function tempRoot(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-rec-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'recordings');
}

async function age(path: string, days: number, now = Date.now()): Promise<void> {
  const when = new Date(now - days * DAY_MS);
  await utimes(path, when, when);
}

describe('recording files', () => {
  it('keeps directories private (0700)', async (t) => {
    const root = await tempRoot(t);
    const dir = await ensureSessionDir(root, 'main');
    assert.equal((await stat(root)).mode & 0o777, 0o700);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    await assert.rejects(ensureSessionDir(root, '../x'), /invalid session name/);
  });

  it('lists recordings newest first with size, duration and end; the active one has no end', async (t) => {
    const root = await tempRoot(t);
    const dir = await ensureSessionDir(root, 'main');
    const long = `[2.5,"o","${'y'.repeat(200_000)}"]\n`;
    await writeFile(join(dir, '20240501T120000.000Z.cast'), `${HEADER}[0.5,"o","x"]\n${long}`);
    await writeFile(join(dir, '20240501T130000.000Z.cast'), `${HEADER}[1,"o","x"]\n`);
    await writeFile(join(dir, '20240501T140000.000Z.cast'), HEADER);
    await writeFile(join(dir, 'notes.txt'), 'not a recording');
    const list = await listRecordings(root, 'main', '20240501T140000.000Z');
    assert.deepEqual(list, [
      {
        id: '20240501T140000.000Z',
        startedAt: '2024-05-01T14:00:00.000Z',
        bytes: HEADER.length,
        durationSeconds: 0,
      },
      {
        id: '20240501T130000.000Z',
        startedAt: '2024-05-01T13:00:00.000Z',
        endedAt: '2024-05-01T13:00:01.000Z',
        bytes: HEADER.length + 12,
        durationSeconds: 1,
      },
      {
        id: '20240501T120000.000Z',
        startedAt: '2024-05-01T12:00:00.000Z',
        endedAt: '2024-05-01T12:00:02.500Z',
        bytes: HEADER.length + 14 + long.length,
        durationSeconds: 2.5,
      },
    ]);
    assert.deepEqual(await listRecordings(root, 'other'), []);
  });

  it('resolves only well-formed ids, always inside the session directory', async (t) => {
    const root = await tempRoot(t);
    assert.equal(
      recordingPath(root, 'main', '20240501T120000.000Z'),
      join(root, 'main', '20240501T120000.000Z.cast'),
    );
    for (const id of ['..', '../audit', '..%2F..%2Faudit.log', '/etc/passwd', 'a/../b', '']) {
      assert.equal(recordingPath(root, 'main', id), undefined, id);
    }
    assert.equal(recordingPath(root, '..', '20240501T120000.000Z'), undefined);
  });

  it('removes recordings last written more than retentionDays ago, in every session', async (t) => {
    const root = await tempRoot(t);
    const now = Date.now();
    const main = await ensureSessionDir(root, 'main');
    const gone = await ensureSessionDir(root, 'gone');
    const files = {
      old: join(main, '20240101T000000.000Z.cast'),
      fresh: join(main, '20240301T000000.000Z.cast'),
      oldActive: join(main, '20240201T000000.000Z.cast'),
      oldElsewhere: join(gone, '20240101T000000.000Z.cast'),
      oldNotOurs: join(main, 'keep-me.cast'),
    };
    for (const path of Object.values(files)) await writeFile(path, HEADER);
    await age(files.old, 31, now);
    await age(files.fresh, 29, now);
    await age(files.oldActive, 40, now);
    await age(files.oldElsewhere, 100, now);
    await age(files.oldNotOurs, 100, now);
    await mkdir(join(root, 'not a session'));
    const removed = await removeExpired(root, 30, now, new Set([files.oldActive]));
    assert.deepEqual(removed.sort(), [files.oldElsewhere, files.old].sort());
    assert.deepEqual((await readdir(main)).sort(), [
      '20240201T000000.000Z.cast',
      '20240301T000000.000Z.cast',
      'keep-me.cast',
    ]);
    assert.deepEqual(await removeExpired(join(root, 'missing'), 30, now), []);
  });
});
