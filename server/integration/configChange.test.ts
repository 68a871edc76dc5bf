// A login carries only the authority the current config grants (issue #13, finding 5): after a
// config edit and a restart, over HTTP and on WebSockets; and open sockets end with `signed-out`
// (4401) when their login ends by logout or expiry.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloseCode } from '../../shared/protocol.js';
import { LOGIN_LIFETIME_SECONDS } from '../auth/loginCookie.js';
import { hashPassword } from '../auth/passwords.js';
import type { UserConfig } from '../config/gatewayConfig.js';
import { startGateway, sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, type TmuxFixture } from './tmuxFixture.js';

/** The longest share link there is: what erin created with her stale admin cookie. */
const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

let hashes: Promise<Record<'erin' | 'bob' | 'bobNew' | 'dave', string>> | undefined;
function passwordHashes() {
  hashes ??= Promise.all(
    ['erin-pw', 'bob-pw', 'bob-new-pw', 'dave-pw'].map((password) => hashPassword(password)),
  ).then(([erin, bob, bobNew, dave]) => ({ erin: erin!, bob: bob!, bobNew: bobNew!, dave: dave! }));
  return hashes;
}

interface Setup {
  tmux: TmuxFixture;
  stateDir: string;
  /** Starts a gateway with `users` on the shared tmux server and state directory. */
  start: (users: UserConfig[], now?: () => number) => Promise<GatewayFixture>;
  /** Stops a gateway `start` returned (as a restart does); the others stop after the test. */
  stop: (gw: GatewayFixture) => Promise<void>;
}

async function setup(t: TestContext): Promise<Setup> {
  const tmux = await startTmux(['main']);
  const stateDir = await mkdtemp(join(tmpdir(), 'tg-config-change-'));
  const gateways: GatewayFixture[] = [];
  t.after(async () => {
    for (const gw of gateways) await gw.cleanup();
    await tmux.cleanup();
    await rm(stateDir, { recursive: true, force: true, maxRetries: 5 });
  });
  const session = sessionOn(tmux.socket, 'main', {
    access: { bob: 'writer', dave: 'writer', '*': 'viewer' },
  });
  return {
    tmux,
    stateDir,
    start: async (users, now) => {
      const gw = await startGateway([session], { users, stateDir, ...(now ? { now } : {}) });
      gateways.push(gw);
      return gw;
    },
    stop: async (gw) => {
      gateways.splice(gateways.indexOf(gw), 1);
      await gw.cleanup();
    },
  };
}

function call(gw: GatewayFixture, cookie: string, method: string, path: string, body?: unknown) {
  return fetch(`${gw.url}${path}`, {
    method,
    headers: { Cookie: cookie, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const writerLink = { role: 'writer', ttlSeconds: THIRTY_DAYS_SECONDS };

describe('a config edit plus restart', () => {
  it('removes admin and ends the logins of a removed user and of a changed password', async (t) => {
    const { erin, bob, bobNew, dave } = await passwordHashes();
    const { start, stop } = await setup(t);
    const before = await start([
      { name: 'erin', passwordHash: erin, admin: true },
      { name: 'bob', passwordHash: bob, admin: false },
      { name: 'dave', passwordHash: dave, admin: false },
    ]);
    const cookies = {
      erin: await before.loginAs('erin', 'erin-pw'),
      bob: await before.loginAs('bob', 'bob-pw'),
      dave: await before.loginAs('dave', 'dave-pw'),
    };
    assert.equal((await call(before, cookies.erin, 'GET', '/api/audit')).status, 200);
    assert.equal(
      (await call(before, cookies.erin, 'POST', '/api/sessions/main/links', writerLink)).status,
      201,
      'erin is an admin before the edit',
    );
    const bobSocket = await TestClient.connect({ url: before.url, cookie: cookies.bob });
    t.after(() => bobSocket.close());
    assert.equal((await bobSocket.waitForMessage('hello')).role, 'writer');
    await stop(before);
    assert.equal(await bobSocket.waitForClose(), CloseCode.Shutdown);

    // The edit: erin no longer admin, bob's password changed, dave deleted. Same secret.key.
    const after = await start([
      { name: 'erin', passwordHash: erin, admin: false },
      { name: 'bob', passwordHash: bobNew, admin: false },
    ]);
    const me = await call(after, cookies.erin, 'GET', '/api/me');
    assert.deepEqual(await me.json(), { name: 'erin', kind: 'local', admin: false });
    assert.equal((await call(after, cookies.erin, 'GET', '/api/audit')).status, 403);
    assert.equal(
      (await call(after, cookies.erin, 'POST', '/api/sessions/main/links', writerLink)).status,
      403,
      'erin is a viewer now, and viewers create no links',
    );
    const sessions = (await (await call(after, cookies.erin, 'GET', '/api/sessions')).json()) as [
      { role: string },
    ];
    assert.equal(sessions[0]?.role, 'viewer');

    for (const name of ['bob', 'dave'] as const) {
      assert.equal((await call(after, cookies[name], 'GET', '/api/me')).status, 401, name);
      assert.equal(
        await TestClient.upgradeStatus({ url: after.url, cookie: cookies[name] }),
        401,
        `${name}'s reconnect is refused`,
      );
    }
    const login = (username: string, password: string) =>
      fetch(`${after.url}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    assert.equal((await login('dave', 'dave-pw')).status, 401, 'dave is gone');
    assert.equal((await login('bob', 'bob-pw')).status, 401, "bob's old password");
    const fresh = await after.loginAs('bob', 'bob-new-pw');
    const again = await TestClient.connect({ url: after.url, cookie: fresh });
    t.after(() => again.close());
    assert.equal((await again.waitForMessage('hello')).role, 'writer');
  });
});

describe('an open WebSocket whose login ends', () => {
  it('gets exit signed-out and 4401 on logout, on every socket of that login only', async (t) => {
    const { bob } = await passwordHashes();
    const { start } = await setup(t);
    const gw = await start([{ name: 'bob', passwordHash: bob, admin: false }]);
    const ending = await gw.loginAs('bob', 'bob-pw');
    const staying = await gw.loginAs('bob', 'bob-pw');
    const sockets = await Promise.all(
      [ending, ending, staying].map((cookie) => TestClient.connect({ url: gw.url, cookie })),
    );
    t.after(() => sockets.forEach((socket) => socket.close()));
    await Promise.all(sockets.map((socket) => socket.waitForMessage('hello')));
    assert.equal((await call(gw, ending, 'POST', '/api/logout')).status, 204);
    for (const socket of sockets.slice(0, 2)) {
      assert.equal(await socket.waitForClose(), CloseCode.Unauthorized);
      const exit = await socket.waitForMessage('exit');
      assert.equal(exit.reason, 'signed-out');
    }
    const survivor = sockets[2]!;
    survivor.send({ type: 'ping', t: 1 });
    await survivor.waitForMessage('pong');
    assert.equal(survivor.closeCode, undefined, "bob's other login stays connected");
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie: ending }), 401);
  });

  it('gets exit signed-out and 4401 when the login expires', async (t) => {
    const { bob } = await passwordHashes();
    const { start } = await setup(t);
    const clock = { now: Date.now() };
    const gw = await start([{ name: 'bob', passwordHash: bob, admin: false }], () => clock.now);
    const cookie = await gw.loginAs('bob', 'bob-pw');
    const socket = await TestClient.connect({ url: gw.url, cookie });
    t.after(() => socket.close());
    await socket.waitForMessage('hello');
    clock.now += (LOGIN_LIFETIME_SECONDS + 60) * 1000;
    assert.equal(await socket.waitForClose(), CloseCode.Unauthorized);
    assert.equal((await socket.waitForMessage('exit')).reason, 'signed-out');
    assert.equal((await call(gw, cookie, 'GET', '/api/me')).status, 401);
  });
});
