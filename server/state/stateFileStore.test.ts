import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { writeFileAtomic } from './atomicFile.js';
import { StateFileStore, type FileWriter } from './stateFileStore.js';

const counterSchema = z.object({ n: z.number(), pad: z.string().optional() });
type Counter = z.infer<typeof counterSchema>;

/** Saves at once: far more than the writes in flight that reordered links.json. */
const CONCURRENT_SAVES = 100;
/** Snapshots this big take several write calls, so a torn file would show. */
const BIG_SNAPSHOT_CHARS = 1 << 20;
/** Crash rounds, each killing a writer at a different moment. */
const CRASH_ROUNDS = 5;

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-store-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

async function stored(path: string): Promise<Counter> {
  return counterSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}

/** A writer that counts how many of its calls overlap. */
function countingWriter(inner: FileWriter = writeFileAtomic) {
  const counts = { inFlight: 0, maxInFlight: 0, calls: 0 };
  const write: FileWriter = async (path, data, mode) => {
    counts.calls += 1;
    counts.inFlight += 1;
    counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
    try {
      await inner(path, data, mode);
    } finally {
      counts.inFlight -= 1;
    }
  };
  return { counts, write };
}

describe('StateFileStore', () => {
  it('writes the newest state last even when an earlier write is slow', async (t) => {
    // The red-team's links.json: an older snapshot renamed after a newer one and won.
    const dir = await tempDir(t);
    const path = join(dir, 'state.json');
    const firstMayFinish = deferred();
    let first = true;
    const { counts, write } = countingWriter(async (file, data, mode) => {
      if (first) {
        first = false;
        // The first write has its data and is held just before it lands.
        await firstMayFinish.promise;
      }
      await writeFileAtomic(file, data, mode);
    });
    const store = new StateFileStore(path, counterSchema, 'a counter', write);
    const state = { n: 1 };
    const older = store.save(() => ({ ...state }));
    state.n = 2;
    const newer = store.save(() => ({ ...state }));
    await new Promise((resolve) => setImmediate(resolve));
    firstMayFinish.resolve();
    await Promise.all([older, newer]);
    assert.deepEqual(await stored(path), { n: 2 });
    assert.equal(counts.maxInFlight, 1, 'one writer at a time');
  });

  it('many concurrent saves: one write at a time, each awaited save durable, the last wins', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'state.json');
    const { counts, write } = countingWriter();
    const store = new StateFileStore(path, counterSchema, 'a counter', write);
    const state = { n: 0 };
    const saves = Array.from({ length: CONCURRENT_SAVES }, async () => {
      state.n += 1;
      const mine = state.n;
      await store.save(() => ({ ...state }));
      // Its own state or a newer one is on disk by the time it resolves.
      assert.ok((await stored(path)).n >= mine);
    });
    await Promise.all(saves);
    assert.deepEqual(await stored(path), { n: CONCURRENT_SAVES });
    assert.equal(counts.maxInFlight, 1);
    assert.ok(counts.calls < CONCURRENT_SAVES, 'queued snapshots are coalesced');
    assert.deepEqual(await readdir(dir), ['state.json'], 'no temp file is left behind');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('a failed write rejects its own saves and does not wedge the queue', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'state.json');
    let failNext = true;
    const store = new StateFileStore(path, counterSchema, 'a counter', async (...args) => {
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      await writeFileAtomic(...args);
    });
    await assert.rejects(
      store.save(() => ({ n: 1 })),
      /disk full/,
    );
    await store.save(() => ({ n: 2 }));
    assert.deepEqual(await store.load(), { n: 2 });
  });

  it('a snapshot that cannot be serialised fails its save only', async (t) => {
    const dir = await tempDir(t);
    const store = new StateFileStore(join(dir, 'state.json'), counterSchema, 'a counter');
    await assert.rejects(
      store.save(() => {
        throw new Error('broken state');
      }),
      /broken state/,
    );
    await store.save(() => ({ n: 3 }));
    assert.deepEqual(await store.load(), { n: 3 });
  });

  it('a reader only ever sees a whole snapshot (temp file and rename, never in place)', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'state.json');
    const store = new StateFileStore(path, counterSchema, 'a counter');
    await store.save(() => ({ n: 0, pad: 'x'.repeat(BIG_SNAPSHOT_CHARS) }));
    let writing = true;
    const writes = (async () => {
      for (let n = 1; n <= 20; n += 1) {
        await store.save(() => ({ n, pad: String(n % 10).repeat(BIG_SNAPSHOT_CHARS) }));
      }
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const seen = await stored(path);
      assert.equal(seen.pad?.length, BIG_SNAPSHOT_CHARS);
      reads += 1;
    }
    await writes;
    assert.ok(reads > 0);
  });

  it('a writer killed at any moment leaves the previous or the new file, never a mix', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'state.json');
    const module = fileURLToPath(new URL('./stateFileStore.ts', import.meta.url));
    // The child saves ever newer big snapshots until it is killed.
    const script = `
      const { StateFileStore } = await import(${JSON.stringify(module)});
      const { z } = await import('zod');
      const store = new StateFileStore(${JSON.stringify(path)}, z.unknown(), 'anything');
      process.stdout.write('ready\\n');
      for (let n = 1; ; n += 1) await store.save(() => ({ n, pad: String(n % 10).repeat(${BIG_SNAPSHOT_CHARS}) }));
    `;
    let last = 0;
    for (let round = 0; round < CRASH_ROUNDS; round += 1) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      t.after(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      // Each round dies a little later: in the middle of a different write.
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 37));
      child.kill('SIGKILL');
      await exited;
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) {
        assert.equal(last, 0, `round ${round}: a file once written never disappears`);
        continue;
      }
      const seen = counterSchema.parse(JSON.parse(text));
      assert.equal(seen.pad, String(seen.n % 10).repeat(BIG_SNAPSHOT_CHARS), `round ${round}`);
      last = seen.n;
    }
    assert.ok(last > 0, 'writes landed before the kills');
  });
});
