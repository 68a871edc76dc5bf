// Logout workload: join+logout cycles of one link holder, as revocations on disk. Raw is the
// floor the disk sets (one line appended and fdatasynced per logout); gateway is RevokedLogins.

import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RevokedLogins } from '../../server/auth/revokedLogins.js';
import { createLogger } from '../../server/log.js';
import type { BenchOptions } from '../options.js';
import type { ResultTable } from '../table.js';

/** Bytes of randomness in a login id, as loginCookie.ts makes them. */
const LOGIN_ID_BYTES = 16;
/** Logins live a day (LOGIN_LIFETIME_SECONDS): none expires during the run. */
const LOGIN_LIFETIME_MS = 24 * 60 * 60 * 1000;
const MS_PER_SECOND = 1000;
const BYTES_PER_KB = 1000;

interface Run {
  sequentialMs: number;
  concurrentMs: number;
  bytes: number;
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

function loginIds(count: number): string[] {
  return Array.from({ length: count }, () => randomBytes(LOGIN_ID_BYTES).toString('base64url'));
}

async function bytesIn(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

/** Each revocation one appended line and one fdatasync, nothing more. */
async function rawRun(dir: string, cycles: number): Promise<Run> {
  const expiresAt = Date.now() + LOGIN_LIFETIME_MS;
  const append = async (id: string) => {
    const handle = await open(join(dir, 'raw.journal'), 'a', 0o600);
    try {
      await handle.appendFile(`${JSON.stringify({ id, expiresAt })}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  };
  const sequentialMs = await timed(async () => {
    for (const id of loginIds(cycles)) await append(id);
  });
  const bytes = await bytesIn(dir);
  // Without grouping, concurrent appends each still pay their own fdatasync.
  const concurrentMs = await timed(() => Promise.all(loginIds(cycles).map(append)));
  return { sequentialMs, concurrentMs, bytes };
}

async function gatewayRun(dir: string, cycles: number): Promise<Run> {
  const logins = await RevokedLogins.load(dir, { log: createLogger('error') });
  const expiresAt = Date.now() + LOGIN_LIFETIME_MS;
  const sequentialMs = await timed(async () => {
    for (const id of loginIds(cycles)) await logins.revoke(id, expiresAt);
  });
  const bytes = await bytesIn(dir);
  const concurrentMs = await timed(() =>
    Promise.all(loginIds(cycles).map((id) => logins.revoke(id, expiresAt))),
  );
  return { sequentialMs, concurrentMs, bytes };
}

async function inTempDir(run: (dir: string) => Promise<Run>): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-bench-logouts-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function logoutsWorkload(options: BenchOptions): Promise<ResultTable[]> {
  const cycles = options.logoutCycles;
  const raw = await inTempDir((dir) => rawRun(dir, cycles));
  const gateway = await inTempDir((dir) => gatewayRun(dir, cycles));
  return [
    {
      title: `logouts: ${cycles} revocations of one link holder (raw: one line and fdatasync each)`,
      metrics: [
        {
          name: `${cycles} one after another, s`,
          raw: raw.sequentialMs / MS_PER_SECOND,
          gateway: gateway.sequentialMs / MS_PER_SECOND,
          digits: 2,
        },
        {
          name: `${cycles} at once, s`,
          raw: raw.concurrentMs / MS_PER_SECOND,
          gateway: gateway.concurrentMs / MS_PER_SECOND,
          digits: 2,
        },
        {
          name: 'on disk after the first run, KB',
          raw: raw.bytes / BYTES_PER_KB,
          gateway: gateway.bytes / BYTES_PER_KB,
          digits: 1,
        },
      ],
    },
  ];
}
