// Cross-site requests and write-request spam (issue #14, finding 8): a state-changing request
// from a page of another origin, same site included, changes nothing; a person's write requests
// reach the owners once per interval, however often they reconnect.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import { TestClient } from './testClient.js';
import { waitFor } from './tmuxFixture.js';

/** As in the red-team report: reconnect and ask again this many times. */
const RECONNECTS = 5;

async function setup(t: TestContext) {
  const { gw, clients } = await setupGateway(t, {
    users: ['olga', 'vic'],
    sessions: (socket) => [sessionOn(socket, 'main', { access: { olga: 'owner', vic: 'viewer' } })],
    signIn: false,
  });
  return { gw, clients };
}

/** Another origin on the same site as the gateway (127.0.0.1 and *.localhost are one site). */
function sameSiteOrigin(gw: GatewayFixture): string {
  return `http://other.localhost:${gw.port}`;
}

/** A form POST as a browser sends it from a page: no JSON, maybe an Origin, maybe Sec-Fetch-Site. */
function formPost(
  gw: GatewayFixture,
  path: string,
  cookie: string,
  headers: Record<string, string>,
) {
  return fetch(`${gw.url}${path}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: 'x=1',
  });
}

async function me(gw: GatewayFixture, cookie: string): Promise<number> {
  return (await fetch(`${gw.url}/api/me`, { headers: { Cookie: cookie } })).status;
}

describe('cross-site requests', () => {
  it('refuse a logout from another origin or a same-site page; the login still works', async (t) => {
    const { gw } = await setup(t);
    const cookie = await gw.loginAs('olga', 'pw');
    const refused: Array<Record<string, string>> = [
      { Origin: sameSiteOrigin(gw) },
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of refused) {
      const response = await formPost(gw, '/api/logout', cookie, headers);
      assert.equal(response.status, 403, JSON.stringify(headers));
      assert.equal(
        ((await response.json()) as { error: { code: string } }).error.code,
        'bad_origin',
      );
      assert.equal(response.headers.get('set-cookie'), null, 'the cookie is not cleared');
      assert.equal(await me(gw, cookie), 200, `still signed in after ${JSON.stringify(headers)}`);
    }
    assert.ok(!(await gw.audit()).some((record) => record.event === 'logout'));
  });

  it('refuse every other state change from another origin: login, join, links, kicks, recording', async (t) => {
    const { gw } = await setup(t);
    const owner = await gw.loginAs('olga', 'pw');
    const foreign = { Origin: sameSiteOrigin(gw), 'Content-Type': 'application/json' };
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/login', { username: 'olga', password: 'pw' }],
      ['POST', '/api/join', { token: 'x', name: 'guest' }],
      ['POST', '/api/sessions/main/links', { role: 'writer', ttlSeconds: 600 }],
      ['DELETE', '/api/sessions/main/clients/some-client', undefined],
      ['PUT', '/api/sessions/main/clients/some-client/role', { role: 'writer' }],
      ['POST', '/api/sessions/main/recording', { enabled: true }],
    ];
    for (const [method, path, body] of cases) {
      const response = await fetch(`${gw.url}${path}`, {
        method,
        headers: { ...foreign, Cookie: owner },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      assert.equal(response.status, 403, `${method} ${path}`);
      assert.equal(response.headers.get('set-cookie'), null, `${method} ${path}: no cookie`);
    }
    const links = await fetch(`${gw.url}/api/sessions/main/links`, { headers: { Cookie: owner } });
    assert.deepEqual(await links.json(), [], 'no link was created');
  });

  it('let the gateway’s own pages and clients without Origin (curl, the CLI) through', async (t) => {
    const { gw } = await setup(t);
    const own = await gw.loginAs('olga', 'pw');
    const fromOwnPage = await formPost(gw, '/api/logout', own, {
      Origin: gw.url,
      'Sec-Fetch-Site': 'same-origin',
    });
    assert.equal(fromOwnPage.status, 204);
    assert.equal(await me(gw, own), 401, 'signed out');

    const typed = await gw.loginAs('olga', 'pw');
    assert.equal(
      (await formPost(gw, '/api/logout', typed, { 'Sec-Fetch-Site': 'none' })).status,
      204,
    );
    assert.equal(await me(gw, typed), 401);

    const curl = await gw.loginAs('olga', 'pw');
    assert.equal((await formPost(gw, '/api/logout', curl, {})).status, 204);
    assert.equal(await me(gw, curl), 401);
  });
});

describe('write requests', () => {
  it(`reach the owners once per person, across ${RECONNECTS} reconnects`, async (t) => {
    const { gw, clients } = await setup(t);
    const cookies = { olga: await gw.loginAs('olga', 'pw'), vic: await gw.loginAs('vic', 'pw') };
    const owner = await TestClient.connect({ url: gw.url, cookie: cookies.olga });
    clients.push(owner);
    await owner.waitForMessage('hello');
    const asked: string[] = [];
    for (let round = 0; round < RECONNECTS; round += 1) {
      const viewer = await TestClient.connect({ url: gw.url, cookie: cookies.vic });
      clients.push(viewer);
      const hello = await viewer.waitForMessage('hello');
      asked.push(hello.clientId);
      viewer.send({ type: 'request-write' });
      viewer.send({ type: 'ping', t: round });
      await waitFor('the request to be handled', () =>
        viewer.messages.some((m) => m.type === 'pong' && m.t === round),
      );
      if (round === 0) {
        await waitFor('the owner to see the first request', () =>
          owner.messages.some(
            (m) =>
              m.type === 'presence' &&
              m.clients.some((c) => c.id === hello.clientId && c.wantsWrite),
          ),
        );
      }
      viewer.close();
      await viewer.waitForClose();
    }
    const requested = (await gw.audit()).filter((record) => record.event === 'write-requested');
    assert.deepEqual(
      requested.map((record) => record.client),
      [asked[0]],
      'only the first request reached the owners',
    );
    const shown = new Set(
      owner.messages.flatMap((m) =>
        m.type === 'presence' ? m.clients.filter((c) => c.wantsWrite).map((c) => c.id) : [],
      ),
    );
    assert.deepEqual([...shown], [asked[0]], 'owners were shown the first request only');
  });
});
