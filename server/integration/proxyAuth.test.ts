// Sign-in by a trusted reverse proxy: its headers sign people in (HTTP API and WebSocket upgrade,
// roles from its groups) only when the TCP peer is a trusted proxy; otherwise they are ignored.
// Loopback is the only address here: "trusted" is 127.0.0.1/32, "untrusted" is 10.0.0.0/8.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { ProxyAuthConfig } from '../config/gatewayConfig.js';
import { startGateway, sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, type TmuxFixture } from './tmuxFixture.js';

const USER = 'X-Forwarded-User';
const GROUPS = 'X-Forwarded-Groups';
const ACCESS = { 'group:sre': 'writer', '*': 'viewer' } as const;

function proxyConfig(trustedProxies: string[]): ProxyAuthConfig {
  return { userHeader: USER, groupsHeader: GROUPS, trustedProxies };
}

/** Sends raw request bytes (which fetch refuses to send) and returns the status line's code. */
function rawStatus(port: number, request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(Buffer.from(request, 'latin1')));
    let answer = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
  });
}

describe('trusted proxy sign-in', () => {
  let tmux: TmuxFixture;
  let gw: GatewayFixture;

  before(async () => {
    tmux = await startTmux(['main']);
    gw = await startGateway([sessionOn(tmux.socket, 'main', { access: { ...ACCESS } })], {
      auth: { local: false, proxy: proxyConfig(['10.0.0.0/8', '127.0.0.1/32']) },
    });
  });

  after(async () => {
    await gw?.cleanup();
    await tmux?.cleanup();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}${path}`, { headers });

  it('signs in the user the proxy names, as kind proxy, with roles from its groups', async () => {
    const me = await get('/api/me', { [USER]: 'dana' });
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), { name: 'dana', kind: 'proxy', admin: false });
    assert.equal(
      me.headers.getSetCookie().length,
      0,
      'no cookie needed: the proxy vouches each time',
    );
    const writer = await get('/api/sessions', { [USER]: 'dana', [GROUPS]: 'dev, sre' });
    assert.equal(((await writer.json()) as Array<{ role: string }>)[0]?.role, 'writer');
    const viewer = await get('/api/sessions', { [USER]: 'dana', [GROUPS]: 'dev' });
    assert.equal(((await viewer.json()) as Array<{ role: string }>)[0]?.role, 'viewer');
  });

  it('opens terminals through the proxy with the group role', async () => {
    const writer = await TestClient.connect({
      url: gw.url,
      headers: { [USER]: 'erik', [GROUPS]: 'sre' },
    });
    const viewer = await TestClient.connect({ url: gw.url, headers: { [USER]: 'fay' } });
    try {
      const hello = await writer.waitForMessage('hello');
      assert.equal(hello.user, 'erik');
      assert.equal(hello.role, 'writer');
      assert.equal((await viewer.waitForMessage('hello')).role, 'viewer');
      writer.type('echo via-proxy-$((6*7))\r');
      await viewer.waitForScreen(/^via-proxy-42$/m);
    } finally {
      writer.close();
      viewer.close();
    }
  });

  it('audits each proxy identity once, not on every request', async () => {
    for (let i = 0; i < 5; i++) await get('/api/me', { [USER]: 'gus', [GROUPS]: 'sre' });
    await get('/api/me', { [USER]: 'gus' });
    const logins = (await gw.audit()).filter((r) => r.event === 'login' && r.user === 'gus');
    assert.equal(logins.length, 2, 'once per name and set of groups');
    assert.deepEqual(
      logins.map(({ method, ip }) => ({ method, ip })),
      [
        { method: 'proxy', ip: '127.0.0.1' },
        { method: 'proxy', ip: '127.0.0.1' },
      ],
    );
  });

  it('without the header, a request from the proxy is not signed in', async () => {
    assert.equal((await get('/api/me')).status, 401);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url }), 401);
  });

  it('refuses garbage identities with 400 and a log line, and keeps serving', async () => {
    const garbage: Array<Record<string, string>> = [
      { [USER]: 'al ice' },
      { [USER]: 'al\tice' },
      { [USER]: 'x'.repeat(65) },
      { [USER]: '*' },
      { [USER]: 'dana', [GROUPS]: `sre,${'g'.repeat(9000)}` },
      { [USER]: 'dana', [GROUPS]: 'sre\tdev' },
    ];
    for (const headers of garbage) {
      const logged = gw.logs.filter((line) => line.event === 'proxy_identity_refused').length;
      const response = await get('/api/me', headers);
      assert.equal(response.status, 400, JSON.stringify(headers).slice(0, 60));
      assert.equal(
        ((await response.json()) as { error: { code: string } }).error.code,
        'bad_proxy_identity',
      );
      assert.equal(
        gw.logs.filter((line) => line.event === 'proxy_identity_refused').length,
        logged + 1,
      );
    }
    // Bytes fetch will not send: Latin-1 letters (Node reads them), and a control character
    // (Node's HTTP parser refuses the request itself).
    const request = (name: string) =>
      `GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\n${USER}: ${name}\r\nConnection: close\r\n\r\n`;
    assert.equal(await rawStatus(gw.port, request('\u00e9lise')), 400);
    assert.equal(await rawStatus(gw.port, request('al\u0001ice')), 400);
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, headers: { [USER]: 'bad name' } }),
      400,
    );
    const audit = await gw.audit();
    assert.ok(audit.some((r) => r.event === 'upgrade-denied' && r.reason === 'bad-proxy-identity'));
    assert.equal((await get('/healthz')).status, 200);
    assert.equal((await get('/api/me', { [USER]: 'dana' })).status, 200);
  });

  it('has password sign-in turned off (auth.local: false)', async () => {
    const methods = await get('/api/auth/methods');
    assert.deepEqual(await methods.json(), { local: false, proxyOnly: true, oneTimeLink: false });
    const login = await fetch(`${gw.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'dana', password: 'x' }),
    });
    assert.equal(login.status, 404);
  });
});

describe('proxy headers from an untrusted address', () => {
  let tmux: TmuxFixture;
  let gw: GatewayFixture;

  before(async () => {
    tmux = await startTmux(['main']);
    gw = await startGateway([sessionOn(tmux.socket, 'main', { access: { ...ACCESS } })], {
      auth: { local: true, proxy: proxyConfig(['10.0.0.0/8', 'fd00::/8']) },
    });
  });

  after(async () => {
    await gw?.cleanup();
    await tmux?.cleanup();
  });

  it('ignores them entirely: no sign-in, no terminal, no audit line', async () => {
    const headers = { [USER]: 'dana', [GROUPS]: 'sre', 'X-Forwarded-For': '10.1.2.3' };
    assert.equal((await fetch(`${gw.url}/api/me`, { headers })).status, 401);
    assert.equal((await fetch(`${gw.url}/api/sessions`, { headers })).status, 401);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, headers }), 401);
    const garbage = { [USER]: 'bad name' };
    assert.equal((await fetch(`${gw.url}/api/me`, { headers: garbage })).status, 401);
    const audit = await gw.audit();
    assert.equal(audit.filter((r) => r.event === 'login').length, 0);
  });

  it('still accepts a login cookie', async () => {
    const cookie = await gw.login();
    const me = await fetch(`${gw.url}/api/me`, { headers: { Cookie: cookie, [USER]: 'dana' } });
    assert.equal(((await me.json()) as { kind: string }).kind, 'local');
  });
});
