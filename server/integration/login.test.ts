// Password login, logout, rate limits, the session list and security headers, over real HTTP.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../auth/passwords.js';
import { LOGIN_FAILURES_PER_USER } from '../auth/rateLimiter.js';
import type { UserConfig } from '../config/gatewayConfig.js';
import { startGateway, sessionOn } from './gatewayFixture.js';
import { startTmux } from './tmuxFixture.js';

/** As many guesses at once as the red-team pass sent (issue #13, finding 6). */
const CONCURRENT_GUESSES = 100;

let hashes: Promise<{ alice: string; bob: string }> | undefined;
function passwordHashes() {
  hashes ??= Promise.all([hashPassword('alice-secret'), hashPassword('bob-secret')]).then(
    ([alice, bob]) => ({ alice, bob }),
  );
  return hashes;
}

async function setup(t: TestContext, publicUrl?: string, now?: () => number) {
  const { alice, bob } = await passwordHashes();
  const users: UserConfig[] = [
    { name: 'alice', passwordHash: alice, admin: false },
    { name: 'bob', passwordHash: bob, admin: false },
  ];
  const tmux = await startTmux(['main', 'ops']);
  const gw = await startGateway(
    [
      sessionOn(tmux.socket, 'main', { access: { alice: 'writer', '*': 'viewer' } }),
      sessionOn(tmux.socket, 'ops', { access: { alice: 'owner' } }),
      sessionOn(`${tmux.dir}/nothing.sock`, 'gone', { access: { bob: 'writer' } }),
    ],
    { users, ...(publicUrl ? { publicUrl } : {}), ...(now ? { now } : {}) },
  );
  t.after(async () => {
    await gw.cleanup();
    await tmux.cleanup();
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gw.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, cookie?: string) =>
    fetch(`${gw.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
  return { gw, tmux, post, get };
}

describe('password login', () => {
  it('answers 204 with an HttpOnly, SameSite cookie that /api/me accepts', async (t) => {
    const { post, get } = await setup(t);
    const response = await post('/api/login', { username: 'alice', password: 'alice-secret' });
    assert.equal(response.status, 204);
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^tmuxgate_login=v2\./);
    assert.match(setCookie, /; HttpOnly/);
    assert.match(setCookie, /; SameSite=Lax/);
    assert.match(setCookie, /; Path=\//);
    assert.doesNotMatch(setCookie, /Secure/, 'plain http on loopback');
    const cookie = setCookie.split(';')[0]!;
    const me = await get('/api/me', cookie);
    assert.deepEqual(await me.json(), { name: 'alice', kind: 'local', admin: false });
  });

  it('marks the cookie Secure when publicUrl is https', async (t) => {
    const { post } = await setup(t, 'https://tmux.example.com');
    const response = await post('/api/login', { username: 'alice', password: 'alice-secret' });
    assert.match(response.headers.get('set-cookie') ?? '', /; Secure/);
  });

  it('gives a wrong password and an unknown user the same 401', async (t) => {
    const { post, gw } = await setup(t);
    const wrong = await post('/api/login', { username: 'alice', password: 'nope' });
    const unknown = await post('/api/login', { username: 'mallory', password: 'nope' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.deepEqual(await wrong.json(), await unknown.json());
    assert.equal(wrong.headers.get('set-cookie'), null);
    const failed = (await gw.audit()).filter((r) => r.event === 'login-failed');
    assert.deepEqual(
      failed.map((r) => r.user),
      ['alice', 'mallory'],
    );
    assert.ok(failed.every((r) => r.ip === '127.0.0.1' || r.ip === '::ffff:127.0.0.1'));
  });

  it('refuses bodies that are not a login with 400', async (t) => {
    const { post } = await setup(t);
    for (const body of [
      '{not json',
      '[]',
      { username: 'alice' },
      { username: 'alice', password: 1 },
      { username: 'a', password: 'b', admin: true },
    ]) {
      const response = await post('/api/login', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const payload = (await response.json()) as { error: { code: string; message: string } };
      assert.ok(payload.error.code && payload.error.message);
    }
  });

  it('rate limits repeated failures with 429 and Retry-After, also for the right password', async (t) => {
    const { post } = await setup(t);
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 30 && !limited; attempt += 1) {
      const response = await post('/api/login', { username: 'bob', password: `guess-${attempt}` });
      if (response.status === 429) limited = response;
      else assert.equal(response.status, 401);
    }
    assert.ok(limited, 'no 429 after 30 failures');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const right = await post('/api/login', { username: 'bob', password: 'bob-secret' });
    assert.equal(right.status, 429, 'a locked-out name stays locked even with the right password');
    const other = await post('/api/login', { username: 'alice', password: 'alice-secret' });
    assert.equal(other.status, 204, 'another user from the same address is not locked out yet');
  });

  it('holds the per-user limit under 100 concurrent wrong passwords, then lets the right one in after the window', async (t) => {
    const clock = { now: Date.now() };
    const { post } = await setup(t, undefined, () => clock.now);
    const responses = await Promise.all(
      Array.from({ length: CONCURRENT_GUESSES }, (_, i) =>
        post('/api/login', { username: 'bob', password: `guess-${i}` }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    const failed = statuses.filter((status) => status === 401).length;
    const limited = statuses.filter((status) => status === 429).length;
    assert.equal(failed + limited, CONCURRENT_GUESSES, `only 401 and 429: ${statuses.join(' ')}`);
    assert.ok(failed <= LOGIN_FAILURES_PER_USER.maxFailures, `${failed} wrong passwords checked`);
    const late = await post('/api/login', { username: 'bob', password: 'bob-secret' });
    assert.equal(late.status, 429, 'still locked after the burst');
    clock.now += LOGIN_FAILURES_PER_USER.windowMs + 1000;
    const right = await post('/api/login', { username: 'bob', password: 'bob-secret' });
    assert.equal(right.status, 204, 'the right password works once the window has passed');
  });

  it('logout clears the cookie and the old cookie stops working', async (t) => {
    const { gw, post, get } = await setup(t);
    const cookie = await gw.loginAs('alice', 'alice-secret');
    assert.equal((await get('/api/me', cookie)).status, 200);
    const response = await post('/api/logout', '', { Cookie: cookie });
    assert.equal(response.status, 204);
    assert.match(response.headers.get('set-cookie') ?? '', /tmuxgate_login=; .*Max-Age=0/);
    assert.equal((await get('/api/me', cookie)).status, 401, 'a copy of the cookie is dead too');
    const events = (await gw.audit()).map((r) => r.event);
    assert.deepEqual(events.slice(-2), ['login', 'logout']);
  });
});

describe('session list', () => {
  it('lists only the sessions a user may open, with role, liveness and client count', async (t) => {
    const { gw, get } = await setup(t);
    const alice = await gw.loginAs('alice', 'alice-secret');
    const bob = await gw.loginAs('bob', 'bob-secret');
    assert.deepEqual(await (await get('/api/sessions', alice)).json(), [
      { name: 'main', role: 'writer', alive: true, clients: 0 },
      { name: 'ops', role: 'owner', alive: true, clients: 0 },
    ]);
    assert.deepEqual(await (await get('/api/sessions', bob)).json(), [
      { name: 'main', role: 'viewer', alive: true, clients: 0 },
      { name: 'gone', role: 'writer', alive: false, clients: 0 },
    ]);
    assert.equal((await get('/api/sessions')).status, 401);
  });
});

describe('HTTP hardening', () => {
  it('sends a Content-Security-Policy and security headers on pages and API', async (t) => {
    const { get } = await setup(t);
    for (const path of ['/', '/api/me', '/healthz']) {
      const response = await get(path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
      assert.equal(response.headers.get('x-powered-by'), null, path);
    }
  });

  it('answers unknown API paths and oversized bodies with JSON errors', async (t) => {
    const { get, post } = await setup(t);
    const missing = await get('/api/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
    const huge = await post('/api/login', { username: 'alice', password: 'x'.repeat(100_000) });
    assert.equal(huge.status, 413);
  });
});
