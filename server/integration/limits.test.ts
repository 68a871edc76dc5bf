// Configured limits: clients per session and in all, frame size, input rate, HTTP body size.
// Over a limit the offender gets a clear refusal; everyone else carries on.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, type LimitsConfig } from '../config/gatewayConfig.js';
import { CloseCode } from '../../shared/protocol.js';
import { sessionOn } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import { TestClient } from './testClient.js';
import { waitFor } from './tmuxFixture.js';

async function setup(t: TestContext, limits: Partial<LimitsConfig>) {
  const { gw, clients } = await setupGateway(t, {
    tmuxSessions: ['main', 'other'],
    sessions: (socket) => [sessionOn(socket), sessionOn(socket, 'other')],
    gateway: { limits: { ...DEFAULT_LIMITS, ...limits } },
  });
  const cookie = await gw.login();
  const connect = async (session = 'main') => {
    const client = await TestClient.connect({ url: gw.url, cookie, session });
    clients.push(client);
    await client.waitForMessage('hello');
    return client;
  };
  return { gw, cookie, connect };
}

describe('limits', () => {
  it('refuses a browser past clientsPerSession with 503, and admits one again when a place frees', async (t) => {
    const { gw, cookie, connect } = await setup(t, { clientsPerSession: 2 });
    const first = await connect();
    await connect();
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie }), 503);
    await connect('other');
    first.close();
    await first.waitForClose();
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie }), 101);
    const record = (await gw.audit()).find((r) => r.event === 'upgrade-denied');
    assert.equal(record?.reason, 'capacity');
  });

  it('refuses a browser past totalClients with 503, whatever the session', async (t) => {
    const { gw, cookie, connect } = await setup(t, { totalClients: 2 });
    await connect('main');
    await connect('other');
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie, session: 'other' }), 503);
  });

  it('keeps one guest from filling a session: 429 past clientsPerLogin, and the owner still gets in', async (t) => {
    const { gw, cookie: owner } = await setup(t, {
      clientsPerSession: 12,
      reservedClientsPerSession: 2,
      clientsPerLogin: 4,
    });
    const link = await fetch(`${gw.url}/api/sessions/main/links`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: owner },
      body: JSON.stringify({ role: 'viewer', ttlSeconds: 600 }),
    });
    const { url } = (await link.json()) as { url: string };
    const token = new URL(url).pathname.split('/').at(-1)!;
    const guest = async () => {
      const joined = await fetch(`${gw.url}/api/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token, name: 'flood' }),
      });
      return joined.headers.get('set-cookie')!.split(';')[0]!;
    };
    const clients: TestClient[] = [];
    t.after(() => clients.forEach((client) => client.close()));
    const open = async (cookie: string) => {
      const client = await TestClient.connect({ url: gw.url, cookie });
      clients.push(client);
      await client.waitForMessage('hello');
    };
    // One guest login, many sockets: refused past the cap.
    const first = await guest();
    for (let i = 0; i < 4; i += 1) await open(first);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie: first }), 429);
    // More guest logins from the same link fill the session up to the reserved places.
    for (const cookie of [await guest(), await guest()]) {
      for (let i = 0; i < 4 && clients.length < 10; i += 1) await open(cookie);
    }
    assert.equal(clients.length, 10);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie: await guest() }), 503);
    // The last places are the owner's.
    await open(owner);
    await open(owner);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie: owner }), 503);
    const reasons = (await gw.audit())
      .filter((record) => record.event === 'upgrade-denied')
      .map((record) => [record.reason, record.kind]);
    assert.deepEqual(reasons, [
      ['login-limit', 'guest'],
      ['capacity', 'guest'],
      ['capacity', 'local'],
    ]);
    // Closing frees a place of the login: what still refuses it is the session's capacity.
    clients[0]!.close();
    await clients[0]!.waitForClose();
    await waitFor('the first guest refused for capacity, not its login', async () => {
      return (await TestClient.upgradeStatus({ url: gw.url, cookie: first })) === 503;
    });
  });

  it('refuses a browser past clientsPerAddress with 429, whoever it is', async (t) => {
    const { gw, cookie, connect } = await setup(t, { clientsPerAddress: 3 });
    await connect('main');
    await connect('other');
    const second = await gw.login({ name: 'other-person', kind: 'local', admin: true });
    const third = await TestClient.connect({ url: gw.url, cookie: second });
    t.after(() => third.close());
    await third.waitForMessage('hello');
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie: second }), 429);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie }), 429);
    third.close();
    await third.waitForClose();
    await waitFor('a place for the address again', async () => {
      return (await TestClient.upgradeStatus({ url: gw.url, cookie })) === 101;
    });
  });

  it('closes a socket that sends a frame over maxFrameBytes with 1009, and no one else', async (t) => {
    const { connect } = await setup(t, { maxFrameBytes: 4096 });
    const bystander = await connect();
    const offender = await connect();
    offender.ws.send(Buffer.alloc(10_000, 0x61), { binary: true });
    assert.equal(await offender.waitForClose(), 1009);
    bystander.type('echo frame-ok\r');
    await bystander.waitForScreen(/^frame-ok$/m);
  });

  it('ends a client that types faster than inputBytesPerSecond, and no one else', async (t) => {
    const { connect, gw } = await setup(t, { inputBytesPerSecond: 1024 });
    const bystander = await connect();
    const flooder = await connect();
    for (let i = 0; i < 20; i += 1) flooder.ws.send(Buffer.alloc(1000, 0x20), { binary: true });
    const exit = await flooder.waitForMessage('exit');
    assert.equal(exit.reason, 'error');
    assert.match(exit.message, /Input faster than 1024 bytes per second/);
    assert.equal(await flooder.waitForClose(), CloseCode.ProtocolError);
    assert.ok(gw.logs.some((entry) => entry.event === 'input_rate_exceeded'));
    bystander.type('echo rate-ok\r');
    await bystander.waitForScreen(/^rate-ok$/m);
  });

  it('refuses HTTP bodies over httpBodyBytes with 413', async (t) => {
    const { gw } = await setup(t, { httpBodyBytes: 2048 });
    const response = await fetch(`${gw.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(5000) }),
    });
    assert.equal(response.status, 413);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'body_too_large',
    );
  });
});
