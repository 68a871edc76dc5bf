import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { compactionDue, StateJournal } from './stateJournal.js';

const entrySchema = z.strictObject({ n: z.number() });
type Entry = z.infer<typeof entrySchema>;

/** Appends at once: enough that many queue behind a write in flight. */
const CONCURRENT_APPENDS = 200;

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-journal-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function journalIn(dir: string): StateJournal<Entry> {
  return StateJournal.in(dir, 'things.journal', entrySchema, 'a thing');
}

async function replayed(dir: string): Promise<number[]> {
  return (await journalIn(dir).replay()).entries.map((entry) => entry.n);
}

describe('StateJournal', () => {
  it('replays what was appended, in order, from a private file of one line each', async (t) => {
    const dir = await tempDir(t);
    const journal = journalIn(dir);
    assert.deepEqual(await journal.replay(), { entries: [], tornBytes: 0 });
    for (let n = 1; n <= 3; n += 1) await journal.append({ n });
    assert.equal(journal.length, 3);
    assert.equal(await readFile(journal.path, 'utf8'), '{"n":1}\n{"n":2}\n{"n":3}\n');
    assert.equal((await stat(journal.path)).mode & 0o777, 0o600);
    assert.deepEqual(await replayed(dir), [1, 2, 3]);
  });

  it('concurrent appends all land whole, and each resolves only once it is on disk', async (t) => {
    const dir = await tempDir(t);
    const journal = journalIn(dir);
    await journal.replay();
    await Promise.all(
      Array.from({ length: CONCURRENT_APPENDS }, async (_, n) => {
        await journal.append({ n });
        assert.ok((await replayed(dir)).includes(n), `${n} is in the file once appended`);
      }),
    );
    const all = await replayed(dir);
    assert.deepEqual(
      [...all].sort((a, b) => a - b),
      Array.from({ length: CONCURRENT_APPENDS }, (_, n) => n),
    );
    assert.equal(journal.length, CONCURRENT_APPENDS);
  });

  it('ignores a torn last line, says how long it was, and cuts it off before appending', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'things.journal');
    await writeFile(path, '{"n":1}\n{"n":2}\n{"n":', { mode: 0o600 });
    const journal = journalIn(dir);
    const replay = await journal.replay();
    assert.deepEqual(replay, { entries: [{ n: 1 }, { n: 2 }], tornBytes: 5 });
    await journal.append({ n: 3 });
    assert.equal(await readFile(path, 'utf8'), '{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it('a torn line is torn even when it would parse: only a newline ends a line', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'things.journal'), '{"n":1}\n{"n":2}', { mode: 0o600 });
    assert.deepEqual(await journalIn(dir).replay(), { entries: [{ n: 1 }], tornBytes: 7 });
  });

  for (const [what, content, line] of [
    ['in the middle', '{"n":1}\nnot json\n{"n":3}\n', 2],
    ['that parses but is not an entry', '{"n":1}\n{"m":2}\n', 2],
    ['empty', '{"n":1}\n\n{"n":3}\n', 2],
    ['last, but whole', '{"n":1}\n{"n":\n', 2],
  ] as const) {
    it(`refuses a corrupt line (${what}), naming the file and line, and leaves it as it was`, async (t) => {
      const dir = await tempDir(t);
      const path = join(dir, 'things.journal');
      await writeFile(path, content, { mode: 0o600 });
      await assert.rejects(
        journalIn(dir).replay(),
        new RegExp(`^Error: ${path}: corrupt journal, line ${line} \\(not a thing\\)`),
      );
      assert.equal(await readFile(path, 'utf8'), content);
    });
  }

  it('a compaction waits for the appends before it, then empties the journal', async (t) => {
    const dir = await tempDir(t);
    const journal = journalIn(dir);
    await journal.replay();
    const seenBySnapshot: number[][] = [];
    const appends = [1, 2, 3].map((n) => journal.append({ n }));
    const compaction = journal.compact(async () => {
      seenBySnapshot.push(await replayed(dir));
    });
    const after = journal.append({ n: 4 });
    await Promise.all([...appends, compaction, after]);
    assert.deepEqual(seenBySnapshot, [[1, 2, 3]], 'the snapshot is written after 1-3 are');
    assert.deepEqual(await replayed(dir), [4], 'what came after the compaction is kept');
    assert.equal(journal.length, 1);
  });

  it('a failed snapshot leaves the journal as it was, and appends go on', async (t) => {
    const dir = await tempDir(t);
    const journal = journalIn(dir);
    await journal.replay();
    await journal.append({ n: 1 });
    await assert.rejects(
      journal.compact(() => Promise.reject(new Error('disk full'))),
      /disk full/,
    );
    await journal.append({ n: 2 });
    assert.deepEqual(await replayed(dir), [1, 2]);
    assert.equal(journal.length, 2);
  });

  it('an entry that cannot be serialised fails its own append only', async (t) => {
    const dir = await tempDir(t);
    const journal = journalIn(dir);
    await journal.replay();
    await journal.append({ n: 1 });
    await assert.rejects(journal.append({ n: 1n } as unknown as Entry), /BigInt/);
    await journal.append({ n: 2 });
    assert.deepEqual(await replayed(dir), [1, 2]);
  });

  it('refuses a journal that is a symbolic link, for reading and for appending', async (t) => {
    const dir = await tempDir(t);
    const target = join(dir, 'target');
    await writeFile(target, 'untouched');
    await symlink(target, join(dir, 'things.journal'));
    const journal = journalIn(dir);
    await assert.rejects(journal.replay(), /things\.journal: is a symbolic link/);
    await assert.rejects(journal.append({ n: 1 }), /things\.journal: is a symbolic link/);
    assert.equal(await readFile(target, 'utf8'), 'untouched');
  });

  it('is due for compaction past its minimum, and past its snapshot once that is larger', () => {
    const policy = { minEntries: 10, snapshotRatio: 1 };
    assert.equal(compactionDue(10, 0, policy), false);
    assert.equal(compactionDue(11, 0, policy), true);
    assert.equal(compactionDue(100, 100, policy), false);
    assert.equal(compactionDue(101, 100, policy), true);
  });
});
