// `tmuxgate share` against a running gateway, through its control socket.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CONTROL_SOCKET_FILE } from '../control/controlSocket.js';
import { startGateway, sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux } from './tmuxFixture.js';

const run = promisify(execFile);
const cliEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.ts');

async function tmuxgate(stateDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
      env: { ...process.env, TMUXGATE_STATE_DIR: stateDir },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function setup(t: TestContext) {
  const tmux = await startTmux();
  const gw = await startGateway([sessionOn(tmux.socket)]);
  const clients: TestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await gw.cleanup();
    await tmux.cleanup();
  });
  return { tmux, gw, clients };
}

async function joinLink(url: string, name: string) {
  const token = new URL(url).pathname.split('/').at(-1);
  const response = await fetch(new URL('/api/join', url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, name }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

describe('tmuxgate share', () => {
  it('prints a working link with the requested role and use limit', async (t) => {
    const { gw, clients } = await setup(t);
    assert.equal((await stat(join(gw.stateDir, CONTROL_SOCKET_FILE))).mode & 0o777, 0o600);
    const shared = await tmuxgate(
      gw.stateDir,
      'share',
      'main',
      '--role',
      'writer',
      '--ttl',
      '15m',
      '--max-uses',
      '1',
    );
    assert.equal(shared.code, 0, shared.stderr);
    const url = shared.stdout.trim();
    assert.match(url, new RegExp(`^${gw.url}/join/[A-Za-z0-9_-]{43}$`));
    const first = await joinLink(url, 'cli guest');
    assert.equal(first.status, 200);
    assert.equal((await joinLink(url, 'second')).status, 404, 'one use only');
    const guest = await TestClient.connect({ url: gw.url, cookie: first.cookie! });
    clients.push(guest);
    assert.equal((await guest.waitForMessage('hello')).role, 'writer');
    const created = (await gw.audit()).find((r) => r.event === 'link-created');
    assert.match(String(created?.by), /control socket/);
  });

  it('prints a link whose guests get no history with --no-history', async (t) => {
    const { gw, clients } = await setup(t);
    const shared = await tmuxgate(gw.stateDir, 'share', 'main', '--no-history');
    assert.equal(shared.code, 0, shared.stderr);
    assert.match(shared.stderr, /, no history$/m);
    const { cookie } = await joinLink(shared.stdout.trim(), 'no history');
    const guest = await TestClient.connect({ url: gw.url, cookie: cookie! });
    clients.push(guest);
    assert.equal((await guest.waitForMessage('hello')).history, false);
    const panes = await fetch(`${gw.url}/api/sessions/main/panes`, {
      headers: { Cookie: cookie! },
    });
    assert.equal(panes.status, 403);
    const created = (await gw.audit()).find((r) => r.event === 'link-created');
    assert.equal(created?.history, false);

    const plain = await tmuxgate(gw.stateDir, 'share', 'main');
    const other = await joinLink(plain.stdout.trim(), 'with history');
    const withHistory = await TestClient.connect({ url: gw.url, cookie: other.cookie! });
    clients.push(withHistory);
    assert.equal((await withHistory.waitForMessage('hello')).history, true);
  });

  it('revokes a link by id and disconnects its guests', async (t) => {
    const { gw, clients } = await setup(t);
    const shared = await tmuxgate(gw.stateDir, 'share', 'main');
    const id = /link (\S+):/.exec(shared.stderr)?.[1];
    assert.ok(id, shared.stderr);
    const { cookie } = await joinLink(shared.stdout.trim(), 'watcher');
    const guest = await TestClient.connect({ url: gw.url, cookie: cookie! });
    clients.push(guest);
    assert.equal(
      (await guest.waitForMessage('hello')).role,
      'viewer',
      'viewer is the default role',
    );
    const revoked = await tmuxgate(gw.stateDir, 'share', '--revoke', id);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal((await guest.waitForMessage('exit')).reason, 'revoked');
  });

  it('explains bad arguments, unknown sessions and a gateway that is not running', async (t) => {
    const { gw } = await setup(t);
    const cases: Array<[string[], number, RegExp]> = [
      [['share'], 2, /exactly one SESSION/],
      [['share', 'main', '--role', 'owner'], 2, /--role must be viewer or writer/],
      [['share', 'main', '--ttl', 'forever'], 2, /--ttl must look like/],
      [['share', 'main', '--max-uses', '0'], 2, /--max-uses must be/],
      [['share', 'main', '--bogus'], 2, /Unknown option/],
      [['share', 'nope'], 1, /no session named "nope"/],
      [['share', '--revoke', 'nope'], 1, /no active link/],
    ];
    for (const [args, code, message] of cases) {
      const result = await tmuxgate(gw.stateDir, ...args);
      assert.equal(result.code, code, args.join(' '));
      assert.match(result.stderr, message, args.join(' '));
    }
    const elsewhere = await tmuxgate(join(gw.stateDir, 'missing'), 'share', 'main');
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /no running gateway answers/);
  });

  it('refuses to start a second gateway on the same state directory', async (t) => {
    const { gw, tmux } = await setup(t);
    const second = await startGatewayOn(gw.stateDir, tmux.socket);
    t.after(() => second.close());
    await assert.rejects(second.listen(), /another tmuxgate is already running/);
  });
});

async function startGatewayOn(stateDir: string, socket: string) {
  const { createServer } = await import('../app.js');
  const { createLogger } = await import('../log.js');
  return createServer(
    { listen: { host: '127.0.0.1', port: 0 }, users: [], stateDir, sessions: [sessionOn(socket)] },
    { log: createLogger('error', () => undefined) },
  );
}
