// Hosts and cookies (issue #14, finding 9): a request for a name that is not the gateway's (DNS
// rebinding) is refused over HTTP and on upgrades; loopback names and allowedHosts work; a Secure
// login cookie is a `__Host-` cookie.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { hashPassword } from '../auth/passwords.js';
import { startGateway, sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { rawRequest } from './rawHttp.js';
import { startTmux } from './tmuxFixture.js';

let passwordHash: Promise<string> | undefined;

/** A name of the test's own choosing that the gateway is told it answers to. */
const ALLOWED = 'gateway.internal';

async function setup(t: TestContext, options: { publicUrl?: string } = {}) {
  passwordHash ??= hashPassword('pw');
  const users = [{ name: 'olga', passwordHash: await passwordHash, admin: false }];
  const tmux = await startTmux(['main']);
  const gw = await startGateway([sessionOn(tmux.socket, 'main', { access: { olga: 'owner' } })], {
    users,
    allowedHosts: [ALLOWED],
    ...options,
  });
  t.after(async () => {
    await gw.cleanup();
    await tmux.cleanup();
  });
  return { gw };
}

/** An HTTP request to the gateway with a Host header of the test's choosing. */
function withHost(
  gw: GatewayFixture,
  host: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: gw.port,
        path,
        method: options.method ?? 'GET',
        headers: { ...options.headers, Host: host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            setCookie: res.headers['set-cookie'] ?? [],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The status line of an upgrade for `host`, from a page of that host (as after rebinding). */
async function upgradeStatusLine(gw: GatewayFixture, host: string, cookie: string) {
  const answer = await rawRequest(
    gw.url,
    `GET /api/sessions/main/ws HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://${host}\r\n` +
      'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: ${cookie}\r\n\r\n`,
    // A 101 keeps the socket open: the status line is all this needs.
    2000,
  );
  return answer.split('\r\n')[0] ?? '';
}

const LOGIN_BODY = JSON.stringify({ username: 'olga', password: 'pw' });
const JSON_TYPE = { 'Content-Type': 'application/json' };

describe('the Host check', () => {
  it('refuses a rebound name over HTTP with 421, and answers nothing else', async (t) => {
    const { gw } = await setup(t);
    const cookie = await gw.loginAs('olga', 'pw');
    const evil = `evil.example:${gw.port}`;
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/api/me'],
      ['GET', '/api/sessions'],
      ['GET', '/api/sessions/main/links'],
      ['POST', '/api/login'],
      ['GET', '/login?token=x'],
    ] as const) {
      const answer = await withHost(gw, evil, path, {
        method,
        headers: { ...JSON_TYPE, Cookie: cookie, Origin: `http://${evil}` },
        ...(method === 'POST' ? { body: LOGIN_BODY } : {}),
      });
      assert.equal(answer.status, 421, `${method} ${path}`);
      assert.equal(
        (JSON.parse(answer.body) as { error: { code: string } }).error.code,
        'unknown_host',
      );
      assert.deepEqual(answer.setCookie, [], `${method} ${path}: no cookie`);
    }
    const logins = (await gw.audit()).filter((record) => record.event === 'login');
    assert.equal(logins.length, 1, 'only the test’s own sign-in');
  });

  it('refuses a rebound name on the WebSocket upgrade with 421', async (t) => {
    const { gw } = await setup(t);
    const cookie = await gw.loginAs('olga', 'pw');
    assert.match(
      await upgradeStatusLine(gw, `evil.example:${gw.port}`, cookie),
      /^HTTP\/1\.1 421 /,
    );
    assert.match(await upgradeStatusLine(gw, `127.0.0.1:${gw.port}`, cookie), /^HTTP\/1\.1 101 /);
    assert.match(await upgradeStatusLine(gw, `${ALLOWED}:${gw.port}`, cookie), /^HTTP\/1\.1 101 /);
  });

  it('answers loopback names, publicUrl and allowedHosts, and probes whatever their Host', async (t) => {
    const { gw } = await setup(t, { publicUrl: 'http://tmux.example.com' });
    for (const host of [
      `127.0.0.1:${gw.port}`,
      `localhost:${gw.port}`,
      `[::1]:${gw.port}`,
      'tmux.example.com',
      `${ALLOWED}:${gw.port}`,
      ALLOWED.toUpperCase(),
    ]) {
      const login = await withHost(gw, host, '/api/login', {
        method: 'POST',
        headers: JSON_TYPE,
        body: LOGIN_BODY,
      });
      assert.equal(login.status, 204, host);
    }
    // Kubernetes and load balancers probe by address.
    assert.equal((await withHost(gw, `10.1.2.3:${gw.port}`, '/healthz')).status, 200);
    assert.equal((await withHost(gw, `10.1.2.3:${gw.port}`, '/readyz')).status, 200);
    assert.equal((await withHost(gw, `10.1.2.3:${gw.port}`, '/api/me')).status, 421);
  });
});

describe('the login cookie', () => {
  it('is __Host-tmuxgate_login when Secure, and a cookie of the old name is not read', async (t) => {
    const { gw } = await setup(t, { publicUrl: 'https://tmux.example.com' });
    const login = await withHost(gw, 'tmux.example.com', '/api/login', {
      method: 'POST',
      headers: JSON_TYPE,
      body: LOGIN_BODY,
    });
    const header = login.setCookie[0] ?? '';
    assert.match(header, /^__Host-tmuxgate_login=v2\.[^;]+; Path=\/; /);
    assert.match(header, /; Secure$/);
    assert.doesNotMatch(header, /Domain=/i);
    const value = header.split(';')[0]!.split('=').slice(1).join('=');
    const me = (cookie: string) =>
      withHost(gw, 'tmux.example.com', '/api/me', { headers: { Cookie: cookie } });
    assert.equal((await me(`__Host-tmuxgate_login=${value}`)).status, 200);
    assert.equal((await me(`tmuxgate_login=${value}`)).status, 401, 'the old name signs out');
  });
});
