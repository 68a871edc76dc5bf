// Session names cannot be enumerated: a session the caller may not open answers exactly as a
// made-up name does (404, same body), over HTTP and on upgrades; 403 only for a session the caller
// may open, when its role is too low (issue #14, finding 7).

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../config/gatewayConfig.js';
import { sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { rawRequest } from './rawHttp.js';
import { setup as setupGateway } from './setup.js';
import { TestClient } from './testClient.js';

/** A made-up session name, next to `secret`, which exists but is not the caller's. */
const MADE_UP = 'no-such-session';

/** Every route under /api/sessions/:name, with a body where it needs one. */
const SESSION_ROUTES: ReadonlyArray<readonly [string, string, unknown?]> = [
  ['GET', '/clients'],
  ['DELETE', '/clients/some-client'],
  ['PUT', '/clients/some-client/role', { role: 'writer' }],
  ['POST', '/clients/some-client/write-request', { approve: true }],
  ['GET', '/links'],
  ['POST', '/links', { role: 'viewer', ttlSeconds: 600 }],
  ['DELETE', '/links/some-link'],
  ['GET', '/recording'],
  ['POST', '/recording', { enabled: true }],
  ['GET', '/recordings'],
  ['GET', '/recordings/some-recording'],
];

async function setup(t: TestContext, clientsPerSession = DEFAULT_LIMITS.clientsPerSession) {
  const { gw, cookies, clients } = await setupGateway(t, {
    users: ['olga', 'vic', 'mallory'],
    tmuxSessions: ['main', 'secret'],
    sessions: (socket) => [
      sessionOn(socket, 'main', { access: { olga: 'owner', vic: 'viewer' } }),
      sessionOn(socket, 'secret', { access: { olga: 'owner' } }),
    ],
    gateway: { limits: { ...DEFAULT_LIMITS, clientsPerSession } },
  });
  return { gw, cookies, clients };
}

async function call(
  gw: GatewayFixture,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${gw.url}${path}`, {
    method,
    headers: { Cookie: cookie, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.text() };
}

/** The raw answer to an upgrade: status line and body (headers vary only by Content-Length). */
async function upgradeAnswer(gw: GatewayFixture, cookie: string, session: string) {
  const { host } = new URL(gw.url);
  const answer = await rawRequest(
    gw.url,
    `GET /api/sessions/${session}/ws HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${gw.url}\r\n` +
      'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: ${cookie}\r\n\r\n`,
  );
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], body };
}

async function guestCookie(gw: GatewayFixture, owner: string): Promise<string> {
  const created = await call(gw, owner, 'POST', '/api/sessions/main/links', {
    role: 'writer',
    ttlSeconds: 600,
  });
  const token = (JSON.parse(created.body) as { url: string }).url.split('/').at(-1);
  const joined = await fetch(`${gw.url}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, name: 'visitor' }),
  });
  assert.equal(joined.status, 200);
  return joined.headers.get('set-cookie')!.split(';')[0]!;
}

describe('session names', () => {
  it('answer an inaccessible session exactly as a made-up one, on upgrades and every HTTP route', async (t) => {
    // One browser fills a session: a full session must not answer differently from a missing one.
    const { gw, cookies, clients } = await setup(t, 1);
    // The owner fills `secret`: old code told outsiders 503 there.
    const filler = await TestClient.connect({
      url: gw.url,
      cookie: cookies.olga,
      session: 'secret',
    });
    clients.push(filler);
    await filler.waitForMessage('hello');
    const guest = await guestCookie(gw, cookies.olga);

    for (const [who, cookie] of [
      ['a guest of main', guest],
      ['a user with no access', cookies.mallory],
      ['a viewer of main', cookies.vic],
    ] as const) {
      const madeUp = await upgradeAnswer(gw, cookie, MADE_UP);
      const inaccessible = await upgradeAnswer(gw, cookie, 'secret');
      assert.match(madeUp.statusLine ?? '', /^HTTP\/1\.1 404 /, `${who}: upgrade, made up`);
      assert.deepEqual(
        inaccessible,
        madeUp,
        `${who}: the upgrade to secret answers as a made-up name`,
      );

      for (const [method, path, body] of SESSION_ROUTES) {
        const a = await call(gw, cookie, method, `/api/sessions/${MADE_UP}${path}`, body);
        const b = await call(gw, cookie, method, `/api/sessions/secret${path}`, body);
        assert.equal(a.status, 404, `${who}: ${method} ${path} on a made-up name`);
        assert.deepEqual(b, a, `${who}: ${method} ${path} on secret answers as a made-up name`);
      }
    }
  });

  it('answers 403 only where the caller may open the session but its role is too low', async (t) => {
    const { gw, cookies } = await setup(t);
    const guest = await guestCookie(gw, cookies.olga);
    for (const [who, cookie] of [
      ['a guest of main', guest],
      ['a viewer of main', cookies.vic],
    ] as const) {
      for (const [method, path, body] of SESSION_ROUTES) {
        const answer = await call(gw, cookie, method, `/api/sessions/main${path}`, body);
        assert.equal(answer.status, 403, `${who}: ${method} ${path} on main`);
      }
      assert.equal(
        await TestClient.upgradeStatus({ url: gw.url, cookie, session: 'main' }),
        101,
        `${who} opens main`,
      );
    }
  });
});
