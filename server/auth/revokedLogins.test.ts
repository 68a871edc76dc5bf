import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../log.js';
import { RevokedLogins } from './revokedLogins.js';

/** The red-team's count of join+logout cycles by one link holder. */
const CYCLES = 1500;
/**
 * Snapshot rewrites those cycles may cost: the journal may grow as large as its snapshot before
 * it is folded in, so rewrites are geometric (about log2 of cycles / minEntries), not one each.
 */
const MAX_SNAPSHOT_REWRITES = 4;
/** Bytes of one snapshot entry: a 22-character login id and a 13-digit expiry, quoted. */
const SNAPSHOT_ENTRY_BYTES = 40;
/** Bytes of one journal line: {"id":"<22>","expiresAt":<13>} and a newline. */
const JOURNAL_LINE_BYTES = 58;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Logouts at once, and rounds of them, against a small compaction policy so that many fold. */
const CONCURRENT_LOGOUTS = 100;
const LOGOUT_ROUNDS = 5;
const SMALL_POLICY = { minEntries: 16, snapshotRatio: 1 };
/** Crash rounds, each killing a writer at a different moment. */
const CRASH_ROUNDS = 8;
/** How long a writer may take to reach its first compaction (a few logouts; generous). */
const CRASH_WAIT_MS = 60_000;
/** Past expiry, entries are kept this long (EXPIRED_GRACE_MS in revokedLogins.ts). */
const GRACE_MS = 60 * 60 * 1000;

const SNAPSHOT = 'revoked-logins.json';
const JOURNAL = 'revoked-logins.journal';
const silent = createLogger('error', () => undefined);

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-revoked-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A login id shaped like the real ones (22 base64url characters). */
function loginId(n: number): string {
  return `login${String(n).padStart(17, '0')}`;
}

async function snapshotOf(dir: string): Promise<Record<string, number>> {
  return JSON.parse(await readFile(join(dir, SNAPSHOT), 'utf8')) as Record<string, number>;
}

async function journalLines(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, JOURNAL), 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line !== '');
}

/** Which version of the snapshot is on disk: a rewrite is a new file renamed over it. */
async function snapshotVersion(dir: string): Promise<string | undefined> {
  const info = await stat(join(dir, SNAPSHOT), { bigint: true }).catch(() => undefined);
  return info && `${info.ino}:${info.mtimeNs}`;
}

/** Starts a child that revokes logins until it is killed; `acknowledged` gets each id revoked. */
function revokingChild(t: TestContext, dir: string, options: { crashAfterSnapshot: boolean }) {
  const module = fileURLToPath(new URL('./revokedLogins.ts', import.meta.url));
  const atomic = fileURLToPath(new URL('../state/atomicFile.ts', import.meta.url));
  const log = fileURLToPath(new URL('../log.ts', import.meta.url));
  const script = `
    const { RevokedLogins } = await import(${JSON.stringify(module)});
    const { writeFileAtomic } = await import(${JSON.stringify(atomic)});
    const { createLogger } = await import(${JSON.stringify(log)});
    const crash = ${String(options.crashAfterSnapshot)};
    const logins = await RevokedLogins.load(${JSON.stringify(dir)}, {
      // Ids go to stdout, one a line; anything logged goes to stderr.
      log: createLogger('warn', (line) => process.stderr.write(line)),
      compaction: { minEntries: 4, snapshotRatio: 1 },
      writeSnapshot: async (path, data, mode) => {
        await writeFileAtomic(path, data, mode);
        if (crash) process.kill(process.pid, 'SIGKILL');
      },
    });
    process.stdout.write('ready\\n');
    const expiresAt = Date.now() + ${DAY_MS};
    for (let n = 0; ; n += 1) {
      await Promise.all(Array.from({ length: 8 }, async (_, i) => {
        const id = process.pid + '-' + n + '-' + i;
        await logins.revoke(id, expiresAt);
        process.stdout.write(id + '\\n');
      }));
    }
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let output = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      if (output.startsWith('ready\n')) resolve();
    }),
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_, signal) => resolve(signal)),
  );
  return {
    child,
    ready,
    exited,
    /** Ids whose revoke resolved (a torn last line of output is not one). */
    acknowledged: () => output.split('\n').slice(1, -1),
  };
}

describe('RevokedLogins', () => {
  it(`${CYCLES} logouts append a line each and rewrite the snapshot a few times, not once each`, async (t) => {
    const dir = await tempDir(t);
    const logins = await RevokedLogins.load(dir, { log: silent });
    const versions = new Set<string>();
    const expiresAt = Date.now() + DAY_MS;
    for (let n = 0; n < CYCLES; n += 1) {
      await logins.revoke(loginId(n), expiresAt);
      const version = await snapshotVersion(dir);
      if (version) versions.add(version);
    }
    assert.ok(
      versions.size <= MAX_SNAPSHOT_REWRITES,
      `the snapshot was written ${versions.size} times for ${CYCLES} logouts`,
    );
    const snapshotEntries = Object.keys(await snapshotOf(dir)).length;
    const lines = await journalLines(dir);
    assert.equal(snapshotEntries + lines.length, CYCLES, 'every logout is in one of the files');
    assert.ok(lines.length <= Math.max(500, snapshotEntries), 'the journal never outgrows it');
    const bytes = (await stat(join(dir, SNAPSHOT))).size + (await stat(join(dir, JOURNAL))).size;
    assert.ok(bytes <= CYCLES * JOURNAL_LINE_BYTES, `${bytes} bytes on disk`);
  });

  it('every logout stays revoked after a restart, which folds the journal into the snapshot', async (t) => {
    const dir = await tempDir(t);
    const first = await RevokedLogins.load(dir, { log: silent });
    const expiresAt = Date.now() + DAY_MS;
    for (let n = 0; n < CYCLES; n += 1) await first.revoke(loginId(n), expiresAt);
    const second = await RevokedLogins.load(dir, { log: silent });
    for (let n = 0; n < CYCLES; n += 1) assert.ok(second.isRevoked(loginId(n)), loginId(n));
    assert.equal(second.isRevoked(loginId(CYCLES)), false);
    assert.deepEqual(await journalLines(dir), []);
    const snapshotBytes = (await stat(join(dir, SNAPSHOT))).size;
    assert.equal(Object.keys(await snapshotOf(dir)).length, CYCLES);
    assert.ok(snapshotBytes <= CYCLES * SNAPSHOT_ENTRY_BYTES + 2, `${snapshotBytes} bytes`);
  });

  it('drops entries whose login has expired (an hour past, for clocks stepped back)', async (t) => {
    const dir = await tempDir(t);
    let now = Date.UTC(2030, 0, 1);
    /** Logins of a minute, one logout every 10 s: most have long expired by the end. */
    const lifetimeMs = 60_000;
    const stepMs = 10_000;
    const logins = await RevokedLogins.load(dir, { log: silent, now: () => now });
    const expiries: number[] = [];
    for (let n = 0; n < CYCLES; n += 1) {
      expiries.push(now + lifetimeMs);
      await logins.revoke(loginId(n), now + lifetimeMs);
      now += stepMs;
    }
    const live = expiries.filter((expiry) => expiry > now - GRACE_MS).length;
    assert.ok(live > 0 && live < CYCLES / 2);
    const restarted = await RevokedLogins.load(dir, { log: silent, now: () => now });
    const kept = await snapshotOf(dir);
    assert.equal(Object.keys(kept).length, live, 'the snapshot holds the live entries only');
    assert.ok(Object.values(kept).every((expiry) => expiry > now - GRACE_MS));
    assert.deepEqual(await journalLines(dir), []);
    assert.ok(restarted.isRevoked(loginId(CYCLES - 1)));
    assert.ok(!restarted.isRevoked(loginId(0)), 'long expired: its cookie is refused anyway');
  });

  it('logouts at once, compacting as they go, all stay revoked across restarts', async (t) => {
    const dir = await tempDir(t);
    const expiresAt = Date.now() + DAY_MS;
    let logins = await RevokedLogins.load(dir, { log: silent, compaction: SMALL_POLICY });
    for (let round = 0; round < LOGOUT_ROUNDS; round += 1) {
      const ids = Array.from({ length: CONCURRENT_LOGOUTS }, (_, i) =>
        loginId(round * CONCURRENT_LOGOUTS + i),
      );
      await Promise.all(ids.map((id) => logins.revoke(id, expiresAt)));
      logins = await RevokedLogins.load(dir, { log: silent, compaction: SMALL_POLICY });
      for (let n = 0; n < (round + 1) * CONCURRENT_LOGOUTS; n += 1) {
        assert.ok(logins.isRevoked(loginId(n)), `round ${round}: ${loginId(n)}`);
      }
    }
  });

  it('ignores a torn last line (a crash mid-append), logs it, and appends after it cleanly', async (t) => {
    const dir = await tempDir(t);
    const expiresAt = Date.now() + DAY_MS;
    const whole = [0, 1].map((n) => `${JSON.stringify({ id: loginId(n), expiresAt })}\n`);
    await writeFile(join(dir, JOURNAL), `${whole.join('')}{"id":"${loginId(2)}","exp`, {
      mode: 0o600,
    });
    const logs: string[] = [];
    const logins = await RevokedLogins.load(dir, {
      log: createLogger('warn', (line) => logs.push(line)),
    });
    assert.match(logs.join(''), /"event":"state_journal_torn_line"/);
    assert.ok(logs.join('').includes(join(dir, JOURNAL)));
    assert.ok(logins.isRevoked(loginId(0)) && logins.isRevoked(loginId(1)));
    assert.equal(logins.isRevoked(loginId(2)), false, 'its logout was never answered');
    await logins.revoke(loginId(3), expiresAt);
    const again = await RevokedLogins.load(dir, { log: silent });
    for (const n of [0, 1, 3]) assert.ok(again.isRevoked(loginId(n)), loginId(n));
  });

  it('refuses a journal corrupt before its last line, naming it, and changes neither file', async (t) => {
    const dir = await tempDir(t);
    const expiresAt = Date.now() + DAY_MS;
    const snapshot = JSON.stringify({ [loginId(0)]: expiresAt });
    const journal = `garbage\n${JSON.stringify({ id: loginId(1), expiresAt })}\n`;
    await writeFile(join(dir, SNAPSHOT), snapshot, { mode: 0o600 });
    await writeFile(join(dir, JOURNAL), journal, { mode: 0o600 });
    await assert.rejects(
      RevokedLogins.load(dir, { log: silent }),
      new RegExp(`${join(dir, JOURNAL)}: corrupt journal, line 1`),
    );
    assert.equal(await readFile(join(dir, SNAPSHOT), 'utf8'), snapshot);
    assert.equal(await readFile(join(dir, JOURNAL), 'utf8'), journal);
  });

  it('reads a revoked-logins.json written before the journal, and leaves it be', async (t) => {
    const dir = await tempDir(t);
    const snapshot = JSON.stringify({ [loginId(0)]: Date.now() + DAY_MS });
    await writeFile(join(dir, SNAPSHOT), snapshot, { mode: 0o600 });
    const logins = await RevokedLogins.load(dir, { log: silent });
    assert.ok(logins.isRevoked(loginId(0)));
    assert.equal(await readFile(join(dir, SNAPSHOT), 'utf8'), snapshot);
  });

  it('killed after a snapshot is written and before the journal is emptied: nothing is lost', async (t) => {
    const dir = await tempDir(t);
    const writer = revokingChild(t, dir, { crashAfterSnapshot: true });
    let crashedItself = true;
    const deadline = setTimeout(() => {
      crashedItself = false;
      writer.child.kill('SIGKILL');
    }, CRASH_WAIT_MS);
    await writer.exited;
    clearTimeout(deadline);
    assert.ok(crashedItself, 'the writer reached a compaction and died in it');
    const acknowledged = writer.acknowledged();
    assert.ok(acknowledged.length > 0, 'logouts were answered before the crash');
    assert.ok((await journalLines(dir)).length > 0, 'the crash left the journal full');
    assert.ok(Object.keys(await snapshotOf(dir)).length > 0, 'and the snapshot written');
    const logins = await RevokedLogins.load(dir, { log: silent });
    for (const id of acknowledged) assert.ok(logins.isRevoked(id), id);
    assert.deepEqual(await journalLines(dir), [], 'replayed over the snapshot, then folded in');
  });

  it('killed at any moment, many times: every answered logout stays revoked', async (t) => {
    const dir = await tempDir(t);
    const acknowledged: string[] = [];
    for (let round = 0; round < CRASH_ROUNDS; round += 1) {
      const writer = revokingChild(t, dir, { crashAfterSnapshot: false });
      await writer.ready;
      // Each round dies a little later: in a different append or compaction.
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 29));
      writer.child.kill('SIGKILL');
      await writer.exited;
      acknowledged.push(...writer.acknowledged());
      // Loading here also compacts, as a restarted gateway would, before the next round.
      const logins = await RevokedLogins.load(dir, { log: silent });
      const lost = acknowledged.filter((id) => !logins.isRevoked(id));
      assert.deepEqual(lost, [], `round ${round}: answered logouts lost`);
    }
    assert.ok(acknowledged.length > CRASH_ROUNDS, 'logouts were answered before the kills');
  });
});
