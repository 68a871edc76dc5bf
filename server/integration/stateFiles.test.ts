// State files: each corrupt one stops the gateway at start with its path named, and is left as it
// was; a state directory someone else could have tampered with stops it too; logouts stick.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNetServer } from 'node:net';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../app.js';
import { createLogger } from '../log.js';
import { sessionOn, startGateway } from './gatewayFixture.js';
import { startTmux } from './tmuxFixture.js';

/** A uid that is not ours (tests run as root, which may chown to anyone). */
const OTHER_UID = 54321;

/** Logouts at once, and rounds of them: enough that their file writes overlap and reorder. */
const CONCURRENT_LOGOUTS = 40;
const LOGOUT_ROUNDS = 5;
/** The red-team's join+logout cycles by one link holder (16 s and a whole rewrite each, before). */
const LINK_CYCLES = 1500;
/**
 * Snapshot rewrites those cycles may cost: the journal grows as large as its snapshot before it is
 * folded in, so rewrites are geometric (about log2 of cycles / 500), not one per logout.
 */
const MAX_SNAPSHOT_REWRITES = 4;
/** Bytes of one snapshot entry: a 22-character login id and a 13-digit expiry, quoted. */
const SNAPSHOT_ENTRY_BYTES = 40;
/** Bytes of one journal line: {"id":"<22>","expiresAt":<13>} and a newline. */
const JOURNAL_LINE_BYTES = 58;
/** Cookies checked at once after the restart. */
const CHECK_CHUNK = 100;

async function stateDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-state-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function start(dir: string) {
  return createServer(
    { listen: { host: '127.0.0.1', port: 0 }, users: [], stateDir: dir, sessions: [] },
    { log: createLogger('error', () => undefined) },
  );
}

describe('state files', () => {
  for (const [file, content] of [
    ['secret.key', 'not hex at all\n'],
    ['links.json', '{"links": "?"}'],
    ['pairs.json', '[{"name": 1}]'],
    ['revoked-logins.json', '[1, 2, 3]'],
    ['revoked-logins.journal', 'not a line\n{"id":"a","expiresAt":1}\n'],
  ] as const) {
    it(`refuses to start on a corrupt ${file}, naming it, and leaves it untouched`, async (t) => {
      const dir = await stateDir(t);
      await writeFile(join(dir, file), content);
      await assert.rejects(
        start(dir),
        (error: Error) => error.message.includes(join(dir, file)) && /corrupt/.test(error.message),
      );
      assert.equal(await readFile(join(dir, file), 'utf8'), content);
    });
  }

  it('creates its files private on first start', async (t) => {
    const dir = await stateDir(t);
    const gateway = await start(dir);
    t.after(() => gateway.close());
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const file of ['secret.key', 'audit.log']) {
      assert.equal((await stat(join(dir, file))).mode & 0o777, 0o600, file);
    }
  });

  it('refuses a world-writable state directory whose secret.key was swapped for a link', async (t) => {
    // The red-team report: the key was read through the link and a forged admin cookie worked.
    const dir = await stateDir(t);
    const elsewhere = await stateDir(t);
    const known = join(elsewhere, 'known.key');
    await writeFile(known, `${'ab'.repeat(32)}\n`);
    await symlink(known, join(dir, 'secret.key'));
    await chmod(dir, 0o777);
    await assert.rejects(start(dir), (error: Error) => {
      assert.match(error.message, new RegExp(`${dir}: .*group- or world-writable`));
      assert.match(error.message, new RegExp(`chmod 700 ${dir}`));
      assert.match(error.message, new RegExp(`${join(dir, 'secret.key')}: .*symbolic link`));
      return true;
    });
    assert.equal((await stat(dir)).mode & 0o777, 0o777, 'nothing is changed behind the operator');
  });

  for (const file of [
    'secret.key',
    'audit.log',
    'links.json',
    'revoked-logins.json',
    'revoked-logins.journal',
    'pairs.json',
  ]) {
    it(`refuses a ${file} that is a symbolic link, naming it, and writes nothing through it`, async (t) => {
      const dir = await stateDir(t);
      const elsewhere = await stateDir(t);
      const target = join(elsewhere, 'target');
      await writeFile(target, 'untouched');
      await symlink(target, join(dir, file));
      await assert.rejects(start(dir), new RegExp(`${join(dir, file)}: .*symbolic link`));
      assert.equal(await readFile(target, 'utf8'), 'untouched');
    });
  }

  it('refuses entries owned by someone else or writable by others, naming each', async (t) => {
    const dir = await stateDir(t);
    await writeFile(join(dir, 'links.json'), '[]', { mode: 0o600 });
    await chown(join(dir, 'links.json'), OTHER_UID, OTHER_UID);
    await writeFile(join(dir, 'pairs.json'), '[]');
    await chmod(join(dir, 'pairs.json'), 0o620);
    await mkdir(join(dir, 'recordings', 'main'), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, 'recordings', 'main', 'x.cast'), '');
    await chmod(join(dir, 'recordings', 'main', 'x.cast'), 0o602);
    await assert.rejects(start(dir), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`${join(dir, 'links.json')}: owned by uid ${OTHER_UID}`),
      );
      assert.match(
        error.message,
        new RegExp(`${join(dir, 'pairs.json')}: .*group- or world-writable`),
      );
      assert.match(
        error.message,
        new RegExp(`${join(dir, 'recordings', 'main', 'x.cast')}: .*world-writable`),
      );
      return true;
    });
  });

  it('refuses a state directory that is itself a symbolic link, naming the real one', async (t) => {
    const real = await stateDir(t);
    const parent = await stateDir(t);
    const link = join(parent, 'state');
    await symlink(real, link);
    await assert.rejects(start(link), new RegExp(`${link}: .*symbolic link.*${real}`));
  });

  it("accepts what it made itself: a restart, the pair directory's g+x and group sockets", async (t) => {
    const dir = await stateDir(t);
    const first = await startGateway([], { stateDir: dir });
    await first.gateway.close();
    // A group pair (`tmuxgate pair --group G`): state dir and pair dir 0710, the socket 0660.
    await chmod(dir, 0o710);
    await mkdir(join(dir, 'pair'), { mode: 0o710 });
    const socket = join(dir, 'pair', 'pair-0.sock');
    const listener = createNetServer();
    await new Promise<void>((resolve) => listener.listen(socket, resolve));
    t.after(() => new Promise<void>((resolve) => listener.close(() => resolve())));
    await chmod(socket, 0o660);
    const second = await startGateway([], { stateDir: dir });
    await second.gateway.close();
    assert.equal((await stat(dir)).mode & 0o777, 0o710);
  });

  it('concurrent logouts all stay signed out across a restart (revoked-logins.json)', async (t) => {
    const dir = await stateDir(t);
    let gw = await startGateway([], { stateDir: dir });
    for (let round = 0; round < LOGOUT_ROUNDS; round += 1) {
      const cookies = await Promise.all(
        Array.from({ length: CONCURRENT_LOGOUTS + 1 }, () => gw.login()),
      );
      const [kept, ...leaving] = cookies;
      const logouts = await Promise.all(
        leaving.map((cookie) =>
          fetch(`${gw.url}/api/logout`, { method: 'POST', headers: { Cookie: cookie } }),
        ),
      );
      assert.deepEqual(
        logouts.map((response) => response.status),
        leaving.map(() => 204),
      );
      await gw.gateway.close();

      gw = await startGateway([], { stateDir: dir });
      const restarted = gw;
      t.after(() => restarted.gateway.close());
      const me = (cookie: string) =>
        fetch(`${restarted.url}/api/me`, { headers: { Cookie: cookie } }).then((r) => r.status);
      assert.equal(await me(kept!), 200, `round ${round}: a login still signed in survives`);
      assert.deepEqual(
        await Promise.all(leaving.map(me)),
        leaving.map(() => 401),
        `round ${round}: every logout survives the restart`,
      );
    }
  });

  it(`${LINK_CYCLES} join+logout cycles by a link holder: a journal line each, a few snapshot rewrites, all signed out after a restart`, async (t) => {
    const dir = await stateDir(t);
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const sessions = [sessionOn(tmux.socket, 'main')];
    const first = await startGateway(sessions, { stateDir: dir });
    t.after(() => first.gateway.close());
    const owner = await first.login();
    const created = await fetch(`${first.url}/api/sessions/main/links`, {
      method: 'POST',
      headers: { Cookie: owner, 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'viewer', ttlSeconds: 3600 }),
    });
    assert.equal(created.status, 201);
    const token = ((await created.json()) as { url: string }).url.split('/').at(-1)!;

    const snapshot = join(dir, 'revoked-logins.json');
    const journal = join(dir, 'revoked-logins.journal');
    const versions = new Set<string>();
    const cookies: string[] = [];
    for (let cycle = 0; cycle < LINK_CYCLES; cycle += 1) {
      const joined = await fetch(`${first.url}/api/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, name: 'holder' }),
      });
      const cookie = joined.headers.get('set-cookie')?.split(';')[0];
      assert.ok(joined.status === 200 && cookie, `cycle ${cycle}: joined`);
      const out = await fetch(`${first.url}/api/logout`, {
        method: 'POST',
        headers: { Cookie: cookie },
      });
      assert.equal(out.status, 204, `cycle ${cycle}: signed out`);
      cookies.push(cookie);
      const info = await stat(snapshot, { bigint: true }).catch(() => undefined);
      if (info) versions.add(`${info.ino}:${info.mtimeNs}`);
    }
    assert.ok(
      versions.size <= MAX_SNAPSHOT_REWRITES,
      `revoked-logins.json was rewritten ${versions.size} times for ${LINK_CYCLES} logouts`,
    );
    const bytes = (await stat(snapshot)).size + (await stat(journal)).size;
    assert.ok(bytes <= LINK_CYCLES * JOURNAL_LINE_BYTES, `${bytes} bytes on disk`);
    await first.gateway.close();

    const second = await startGateway(sessions, { stateDir: dir });
    t.after(() => second.gateway.close());
    assert.equal((await stat(journal)).size, 0, 'the journal was folded in at start');
    const kept = JSON.parse(await readFile(snapshot, 'utf8')) as Record<string, number>;
    assert.equal(Object.keys(kept).length, LINK_CYCLES, 'one entry per logout, nothing else');
    assert.ok((await stat(snapshot)).size <= LINK_CYCLES * SNAPSHOT_ENTRY_BYTES + 2);
    for (let start = 0; start < cookies.length; start += CHECK_CHUNK) {
      const statuses = await Promise.all(
        cookies
          .slice(start, start + CHECK_CHUNK)
          .map((cookie) =>
            fetch(`${second.url}/api/me`, { headers: { Cookie: cookie } }).then((r) => r.status),
          ),
      );
      assert.deepEqual(
        statuses,
        statuses.map(() => 401),
        `cookies ${start}…: still signed out`,
      );
    }
  });
});
