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
import { startGateway } from './gatewayFixture.js';

/** A uid that is not ours (tests run as root, which may chown to anyone). */
const OTHER_UID = 54321;

/** Logouts at once, and rounds of them: enough that their file writes overlap and reorder. */
const CONCURRENT_LOGOUTS = 40;
const LOGOUT_ROUNDS = 5;

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
});
