// `tmuxgate pair` end to end: a private socket, working links, and cleanup when the session ends,
// when it expires, and across a gateway restart.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { callGateway } from '../control/controlClient.js';
import { controlSocketPath } from '../control/controlSocket.js';
import { PAIRS_FILE } from '../pair/pairStore.js';
import { startGateway, OWNER, type GatewayFixture } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { waitFor } from './tmuxFixture.js';

const run = promisify(execFile);
const cliEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.ts');

interface Pair {
  session: string;
  socket: string;
  writerUrl: string;
  viewerUrl: string;
  attach: string;
}

async function pair(stateDir: string, ...args: string[]): Promise<Pair> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', cliEntry, 'pair', ...args], {
    // The pair's shell is $SHELL: one that reads no rc files (a slow ~/.bashrc has hung tests).
    env: { ...process.env, TMUXGATE_STATE_DIR: stateDir, HISTFILE: '', SHELL: '/bin/sh' },
  });
  const line = (label: string) => new RegExp(`^${label}\\s+(\\S.*)$`, 'm').exec(stdout)?.[1] ?? '';
  const attach = line('Join from here:');
  const [, socket = '', session = ''] = /tmux -S (\S+) attach -t (\S+)/.exec(attach) ?? [];
  return {
    session,
    socket,
    writerUrl: line('Partner \\(read-write\\):'),
    viewerUrl: line('Viewers \\(read-only\\):'),
    attach,
  };
}

async function setup(t: TestContext, options: { stateDir?: string; now?: () => number } = {}) {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'tg-pair-')));
  const gw = await startGateway([], { stateDir, ...(options.now ? { now: options.now } : {}) });
  const serverPids: number[] = [];
  const clients: TestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await gw.cleanup();
    // By pid: a socket may already be gone with its directory; its server never goes by itself.
    for (const pid of serverPids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // Already ended: the test or the gateway's cleanup ended that session.
      }
    }
    if (!options.stateDir) await rm(stateDir, { recursive: true, force: true, maxRetries: 5 });
  });
  const start = async (...args: string[]) => {
    const created = await pair(stateDir, ...args);
    const { stdout } = await run('tmux', ['-S', created.socket, 'display-message', '-p', '#{pid}']);
    serverPids.push(Number(stdout.trim()));
    return created;
  };
  return { gw, stateDir, start, clients };
}

async function joinLink(gw: GatewayFixture, url: string, name: string) {
  const token = new URL(url).pathname.split('/').at(-1);
  const response = await fetch(`${gw.url}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, name }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

async function sessionNames(gw: GatewayFixture): Promise<string[]> {
  const cookie = await gw.login(OWNER);
  const list = (await (
    await fetch(`${gw.url}/api/sessions`, { headers: { Cookie: cookie } })
  ).json()) as Array<{ name: string }>;
  return list.map((entry) => entry.name);
}

/** Pairs created at once, and how many of them end while more are being created. */
const CONCURRENT_PAIRS = 6;
const ENDED_PAIRS = 3;
/** Seconds: none of them expires during the test. */
const PAIR_TTL_SECONDS = 3600;

describe('tmuxgate pair', () => {
  it('creates a private socket and working partner and viewer links', async (t) => {
    const { gw, stateDir, start, clients } = await setup(t);
    const created = await start('--ttl', '1h');
    assert.match(created.session, /^pair-[0-9a-f]{8}$/);
    assert.equal(dirname(created.socket), join(stateDir, 'pair'));
    const mode = (await stat(created.socket)).mode;
    assert.equal(mode & 0o077, 0, `socket mode ${(mode & 0o777).toString(8)} gives others nothing`);
    assert.equal((await stat(dirname(created.socket))).mode & 0o777, 0o700);
    assert.equal(created.attach, `tmux -S ${created.socket} attach -t ${created.session}`);

    const partner = await joinLink(gw, created.writerUrl, 'partner');
    const watcher = await joinLink(gw, created.viewerUrl, 'watcher');
    const writer = await TestClient.connect({
      url: gw.url,
      cookie: partner.cookie!,
      session: created.session,
    });
    const viewer = await TestClient.connect({
      url: gw.url,
      cookie: watcher.cookie!,
      session: created.session,
    });
    clients.push(writer, viewer);
    assert.equal((await writer.waitForMessage('hello')).role, 'writer');
    assert.equal((await viewer.waitForMessage('hello')).role, 'viewer');
    writer.type('echo paired-$((4*4))\r');
    await viewer.waitForScreen(/^paired-16$/m);
    assert.ok((await sessionNames(gw)).includes(created.session));
  });

  it('uses a group-shared socket (0660) with --group, never world-writable', async (t) => {
    const { start } = await setup(t);
    const created = await start('--group', 'daemon');
    const info = await stat(created.socket);
    assert.equal(info.mode & 0o667, 0o660, `mode ${(info.mode & 0o777).toString(8)}`);
    const { stdout } = await run('getent', ['group', 'daemon']);
    assert.equal(info.gid, Number(stdout.split(':')[2]));
    assert.equal(info.mode & 0o002, 0);
  });

  it('refuses an unknown group and a bad ttl', async (t) => {
    const { stateDir } = await setup(t);
    await assert.rejects(
      pair(stateDir, '--group', 'no-such-group-xyz'),
      /no Unix group named "no-such-group-xyz"/,
    );
    await assert.rejects(pair(stateDir, '--ttl', 'soon'), /--ttl must look like/);
    await assert.rejects(pair(stateDir, '--ttl', '5s'), /ttlSeconds/);
  });

  it('cleans up after tmux kill-session: socket gone, links dead, session forgotten', async (t) => {
    const { gw, start, clients } = await setup(t);
    const created = await start();
    const partner = await joinLink(gw, created.writerUrl, 'partner');
    const client = await TestClient.connect({
      url: gw.url,
      cookie: partner.cookie!,
      session: created.session,
    });
    clients.push(client);
    await client.waitForMessage('hello');
    await run('tmux', ['-S', created.socket, 'kill-session', '-t', `=${created.session}`]);
    // tmux removes its own socket when its last session ends; wait for the gateway's cleanup.
    await waitFor('the cleanup', async () =>
      (await gw.audit()).some((r) => r.event === 'pair-cleaned-up'),
    );
    assert.ok(!existsSync(created.socket));
    assert.ok(['session-ended', 'revoked'].includes((await client.waitForMessage('exit')).reason));
    assert.equal((await joinLink(gw, created.viewerUrl, 'late')).status, 404);
    assert.equal(
      (await fetch(`${gw.url}/api/me`, { headers: { Cookie: partner.cookie! } })).status,
      401,
    );
    assert.ok(!(await sessionNames(gw)).includes(created.session));
    const cleaned = (await gw.audit()).find((r) => r.event === 'pair-cleaned-up');
    assert.equal(cleaned?.reason, 'ended');
    assert.equal(cleaned?.session, created.session);
  });

  it('cleans up when the ttl passes', async (t) => {
    const clock = { now: Date.now() };
    const { gw, start } = await setup(t, { now: () => clock.now });
    const created = await start('--ttl', '2h');
    clock.now += 2 * 60 * 60 * 1000 + 1;
    await waitFor('the expired pair to be cleaned up', async () =>
      (await gw.audit()).some((r) => r.event === 'pair-cleaned-up'),
    );
    assert.ok(!existsSync(created.socket));
    assert.equal((await joinLink(gw, created.writerUrl, 'late')).status, 404);
    assert.equal((await gw.audit()).find((r) => r.event === 'pair-cleaned-up')?.reason, 'expired');
  });

  it('keeps serving a live pair across a restart, and cleans up one that ended while it was down', async (t) => {
    const stateDir = await mkdtemp(join(tmpdir(), 'tg-pair-'));
    t.after(() => rm(stateDir, { recursive: true, force: true, maxRetries: 5 }));
    const first = await setup(t, { stateDir });
    const live = await first.start();
    const dead = await first.start();
    await first.gw.gateway.close();
    await run('tmux', ['-S', dead.socket, 'kill-server']);

    const second = await setup(t, { stateDir });
    assert.ok(!existsSync(dead.socket), 'the dead pair was cleaned up at start');
    const stored = JSON.parse(await readFile(join(stateDir, PAIRS_FILE), 'utf8')) as Array<{
      name: string;
    }>;
    assert.deepEqual(
      stored.map((entry) => entry.name),
      [live.session],
    );
    const partner = await joinLink(
      second.gw,
      live.writerUrl.replace(first.gw.url, second.gw.url),
      'partner',
    );
    assert.equal(partner.status, 200);
    const client = await TestClient.connect({
      url: second.gw.url,
      cookie: partner.cookie!,
      session: live.session,
    });
    second.clients.push(client);
    client.type('echo still-$((3+4))\r');
    await client.waitForScreen(/^still-7$/m);
  });

  it('concurrent creates and cleanups, then a restart: pairs.json holds exactly the live pairs', async (t) => {
    const stateDir = await mkdtemp(join(tmpdir(), 'tg-pair-'));
    t.after(() => rm(stateDir, { recursive: true, force: true, maxRetries: 5 }));
    const first = await setup(t, { stateDir });
    const create = async () => {
      const created = await callGateway<{ session: string; socket: string }>(
        controlSocketPath(stateDir),
        'POST',
        '/pair',
        { ttlSeconds: PAIR_TTL_SECONDS },
      );
      const { stdout } = await run('tmux', [
        '-S',
        created.socket,
        'display-message',
        '-p',
        '#{pid}',
      ]);
      const pid = Number(stdout.trim());
      t.after(() => {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          // Already ended by the test or by the gateway's cleanup.
        }
      });
      return created;
    };
    const early = await Promise.all(Array.from({ length: CONCURRENT_PAIRS }, create));
    const ending = early.slice(0, ENDED_PAIRS);
    const [late] = await Promise.all([
      Promise.all(Array.from({ length: CONCURRENT_PAIRS }, create)),
      ...ending.map((pair) => run('tmux', ['-S', pair.socket, 'kill-server'])),
    ]);
    await waitFor(
      'the ended pairs to be cleaned up',
      async () =>
        (await first.gw.audit()).filter((r) => r.event === 'pair-cleaned-up').length ===
        ENDED_PAIRS,
    );
    await first.gw.gateway.close();
    const live = [...early.slice(ENDED_PAIRS), ...late].map((pair) => pair.session).sort();
    const stored = JSON.parse(await readFile(join(stateDir, PAIRS_FILE), 'utf8')) as Array<{
      name: string;
    }>;
    assert.deepEqual(stored.map((entry) => entry.name).sort(), live);

    const second = await setup(t, { stateDir });
    const served = (await sessionNames(second.gw)).filter((name) => name.startsWith('pair-'));
    assert.deepEqual(served.sort(), live, 'after the restart exactly the live pairs are served');
  });
});
