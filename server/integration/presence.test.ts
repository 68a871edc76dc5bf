// Presence, kicks, live role changes and write requests, with real tmux clients (web and native).

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node-pty';
import type { PresenceClient } from '../../shared/protocol.js';
import { CloseCode } from '../../shared/protocol.js';
import { sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import type { TestClient } from './testClient.js';
import { waitFor, type TmuxFixture } from './tmuxFixture.js';

async function setup(t: TestContext) {
  const {
    gw,
    tmux,
    cookies,
    clients,
    connect: connectAs,
  } = await setupGateway(t, {
    users: ['olga', 'wendy', 'victor'],
    sessions: (socket) => [
      sessionOn(socket, 'main', { access: { olga: 'owner', wendy: 'writer', victor: 'viewer' } }),
    ],
  });
  const connect = (user: keyof typeof cookies, size = { cols: 80, rows: 24 }) =>
    connectAs(user, size);
  const nativeAttach = (cols: number, rows: number) => {
    const native = spawn('tmux', ['-S', tmux.socket, 'attach-session', '-t', '=main'], {
      cols,
      rows,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    });
    native.onData(() => undefined);
    clients.push({ close: () => native.kill() });
    return native;
  };
  const api = (user: keyof typeof cookies, method: string, path: string, body?: unknown) =>
    fetch(`${gw.url}/api/sessions/main${path}`, {
      method,
      headers: { Cookie: cookies[user], 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { gw, tmux, connect, nativeAttach, api };
}

async function clientsOf(api: Awaited<ReturnType<typeof setup>>['api']): Promise<PresenceClient[]> {
  const response = await api('olga', 'GET', '/clients');
  assert.equal(response.status, 200);
  return (await response.json()) as PresenceClient[];
}

function hello(client: TestClient) {
  const first = client.messages[0];
  assert.ok(first?.type === 'hello');
  return first;
}

/** Read-only flags of the browsers' and native tmux clients (not the gateway's size guards). */
async function readOnlyFlags(tmux: TmuxFixture): Promise<string> {
  return (await tmux.tmux('list-clients', '-F', '#{?client_control_mode,,#{client_readonly}}'))
    .split('\n')
    .filter((line) => line !== '')
    .sort()
    .join(',');
}

async function lastAudit(gw: GatewayFixture, event: string) {
  return (await gw.audit()).filter((record) => record.event === event).at(-1);
}

describe('presence', () => {
  it('lists web writers, web viewers and native tmux clients with kinds, roles and sizes', async (t) => {
    const { connect, nativeAttach, api } = await setup(t);
    const writer = await connect('wendy', { cols: 100, rows: 30 });
    const viewer = await connect('victor', { cols: 60, rows: 20 });
    const native = nativeAttach(90, 25);
    const list = await waitFor('three clients', async () => {
      const clients = await clientsOf(api);
      return clients.length === 3 && clients.every((c) => c.cols !== undefined)
        ? clients
        : undefined;
    });
    const byId = new Map(list.map((client) => [client.id, client]));
    const web = byId.get(hello(writer).clientId);
    assert.deepEqual(
      [web?.kind, web?.user, web?.role, web?.cols, web?.rows],
      ['web', 'wendy', 'writer', 100, 30],
    );
    const watching = byId.get(hello(viewer).clientId);
    assert.deepEqual(
      [watching?.kind, watching?.user, watching?.role, watching?.cols, watching?.rows],
      ['web', 'victor', 'viewer', 60, 20],
    );
    const nativeEntry = list.find((client) => client.kind === 'native');
    assert.equal(nativeEntry?.id, `native-${native.pid}`);
    assert.equal(nativeEntry?.role, 'writer');
    assert.deepEqual([nativeEntry?.cols, nativeEntry?.rows], [90, 25]);
    assert.match(nativeEntry?.tty ?? '', /^\/dev\/pts\/\d+$/);
    assert.equal(nativeEntry?.user, 'root');
    assert.equal(typeof web?.idleSeconds, 'number');
    assert.equal(web?.behind, false);
  });

  it('pushes full presence to owners and names and roles to everyone else', async (t) => {
    const { connect } = await setup(t);
    const owner = await connect('olga');
    const viewer = await connect('victor');
    const ownerView = await waitFor('owner presence with two web clients', () =>
      owner.messages
        .filter((m) => m.type === 'presence')
        .find((m) => m.clients.filter((c) => c.kind === 'web').length === 2),
    );
    const viewerView = await waitFor('viewer presence with two web clients', () =>
      viewer.messages
        .filter((m) => m.type === 'presence')
        .find((m) => m.clients.filter((c) => c.kind === 'web').length === 2),
    );
    assert.ok(ownerView.clients.every((c) => c.since !== undefined && c.cols !== undefined));
    for (const client of viewerView.clients) {
      assert.deepEqual(
        Object.keys(client).sort(),
        ['guest', 'id', 'kind', 'role', 'user'].filter((key) => key in client).sort(),
      );
      assert.equal(client.cols, undefined);
    }
    assert.deepEqual(viewerView.clients.map((c) => c.user).sort(), ['olga', 'victor']);
  });

  it('coalesces pushes when many clients join at once', async (t) => {
    const { connect, gw } = await setup(t);
    const owner = await connect('olga');
    await Promise.all(Array.from({ length: 20 }, () => connect('victor')));
    await waitFor('presence listing all 21 web clients', () =>
      owner.messages.some(
        (m) => m.type === 'presence' && m.clients.filter((c) => c.kind === 'web').length === 21,
      ),
    );
    const pushes = owner.messages.filter((m) => m.type === 'presence').length;
    assert.ok(pushes < 10, `${pushes} presence pushes for 21 joins`);
    assert.ok(gw.logs.length > 0);
  });
});

describe('kick', () => {
  it('ends a web viewer with exit kicked and leaves no tmux client behind', async (t) => {
    const { connect, api, tmux, gw } = await setup(t);
    await connect('olga');
    const viewer = await connect('victor');
    await waitFor('two tmux clients', async () => (await readOnlyFlags(tmux)) === '0,1');
    assert.equal((await api('olga', 'DELETE', `/clients/${hello(viewer).clientId}`)).status, 204);
    const exit = await viewer.waitForMessage('exit');
    assert.equal(exit.reason, 'kicked');
    assert.equal(await viewer.waitForClose(), CloseCode.Kicked);
    await waitFor(
      'the viewer tmux client to be gone',
      async () => (await readOnlyFlags(tmux)) === '0',
    );
    const audit = await lastAudit(gw, 'kick');
    assert.deepEqual(
      [audit?.by, audit?.user, audit?.client],
      ['olga', 'victor', hello(viewer).clientId],
    );
  });

  it('detaches a native client, and only that one', async (t) => {
    const { connect, nativeAttach, api, tmux } = await setup(t);
    const web = await connect('wendy');
    const native = nativeAttach(80, 24);
    const other = nativeAttach(70, 20);
    await waitFor('three tmux clients', async () => (await readOnlyFlags(tmux)) === '0,0,0');
    const exited = new Promise((resolve) => native.onExit(resolve));
    assert.equal((await api('olga', 'DELETE', `/clients/native-${native.pid}`)).status, 204);
    await exited;
    const pids = (await tmux.tmux('list-clients', '-F', '#{client_pid}')).trim().split('\n');
    assert.ok(!pids.includes(String(native.pid)));
    assert.ok(pids.includes(String(other.pid)));
    web.type('echo web-still-here\r');
    await web.waitForScreen(/^web-still-here$/m);
  });

  it("refuses non-owners (403), unknown clients (404), and never detaches the gateway's own clients as native", async (t) => {
    const { connect, api, tmux } = await setup(t);
    const viewer = await connect('victor');
    const writer = await connect('wendy');
    assert.equal((await api('wendy', 'DELETE', `/clients/${hello(viewer).clientId}`)).status, 403);
    assert.equal((await api('victor', 'GET', '/clients')).status, 403);
    assert.equal((await api('olga', 'DELETE', '/clients/nope')).status, 404);
    const pidsOf = async (format: string) =>
      (await tmux.tmux('list-clients', '-F', format)).split('\n').filter((line) => line !== '');
    const webPids = await waitFor('both web clients attached', async () => {
      const pids = await pidsOf('#{?client_control_mode,,#{client_pid}}');
      return pids.length === 2 ? pids : undefined;
    });
    // The viewer's size guards (control-mode clients) are the gateway's own too.
    const guardPids = await pidsOf('#{?client_control_mode,#{client_pid},}');
    assert.ok(guardPids.length > 0);
    for (const pid of [...webPids, ...guardPids]) {
      assert.equal(
        (await api('olga', 'DELETE', `/clients/native-${pid}`)).status,
        404,
        "the gateway's clients are not native",
      );
    }
    writer.type('echo alive\r');
    await writer.waitForScreen(/^alive$/m);
  });
});

describe('live roles', () => {
  it('promotes a viewer on the same WebSocket (to a tmux client of its own), then demotes it again', async (t) => {
    const { connect, api, tmux, gw } = await setup(t);
    const owner = await connect('olga');
    const viewer = await connect('victor');
    await waitFor('two tmux clients', async () => (await readOnlyFlags(tmux)) === '0,1');
    const id = hello(viewer).clientId;

    const promoted = await api('olga', 'PUT', `/clients/${id}/role`, { role: 'writer' });
    assert.equal(promoted.status, 200);
    assert.equal((await viewer.waitForMessage('role')).role, 'writer');
    // A writer has a read-write tmux client of its own; the viewers' shared one is gone.
    await waitFor('two read-write clients', async () => (await readOnlyFlags(tmux)) === '0,0');
    viewer.type('echo promoted-$((2+3))\r');
    await owner.waitForScreen(/^promoted-5$/m);
    assert.equal(viewer.closeCode, undefined, 'the same WebSocket');

    const demoted = await api('olga', 'PUT', `/clients/${id}/role`, { role: 'viewer' });
    assert.equal(demoted.status, 200);
    await waitFor(
      'a second role message',
      () => viewer.messages.filter((m) => m.type === 'role').length === 2,
    );
    await waitFor('one read-only client again', async () => (await readOnlyFlags(tmux)) === '0,1');
    viewer.type('echo demoted-typing\r');
    owner.type('echo owner-marker\r');
    await owner.waitForScreen(/^owner-marker$/m);
    assert.doesNotMatch(await tmux.tmux('capture-pane', '-p', '-t', '=main:'), /demoted-typing/);

    const changes = (await gw.audit()).filter((r) => r.event === 'role-change');
    assert.deepEqual(
      changes.map((r) => [r.by, r.user, r.from, r.to]),
      [
        ['olga', 'victor', 'viewer', 'writer'],
        ['olga', 'victor', 'writer', 'viewer'],
      ],
    );
  });

  it('refuses bad role changes clearly', async (t) => {
    const { connect, api } = await setup(t);
    const owner = await connect('olga');
    const viewer = await connect('victor');
    assert.equal(
      (await api('olga', 'PUT', `/clients/${hello(viewer).clientId}/role`, { role: 'owner' }))
        .status,
      400,
    );
    assert.equal(
      (await api('olga', 'PUT', `/clients/${hello(viewer).clientId}/role`, { role: 'god' })).status,
      400,
    );
    assert.equal(
      (await api('olga', 'PUT', `/clients/${hello(owner).clientId}/role`, { role: 'viewer' }))
        .status,
      409,
    );
    assert.equal(
      (await api('wendy', 'PUT', `/clients/${hello(viewer).clientId}/role`, { role: 'writer' }))
        .status,
      403,
    );
    assert.equal(
      (await api('olga', 'PUT', '/clients/native-1/role', { role: 'writer' })).status,
      400,
    );
  });
});

describe('write requests', () => {
  it('shows a request to owners, and approving promotes the viewer live', async (t) => {
    const { connect, api, gw, tmux } = await setup(t);
    const owner = await connect('olga');
    const viewer = await connect('victor');
    viewer.send({ type: 'request-write' });
    const id = hello(viewer).clientId;
    await waitFor('the owner to see the request', () =>
      owner.messages.some(
        (m) => m.type === 'presence' && m.clients.some((c) => c.id === id && c.wantsWrite === true),
      ),
    );
    assert.equal(
      (await api('olga', 'POST', `/clients/${id}/write-request`, { approve: true })).status,
      200,
    );
    assert.equal((await viewer.waitForMessage('role')).role, 'writer');
    await waitFor('both tmux clients writable', async () => (await readOnlyFlags(tmux)) === '0,0');
    assert.equal((await lastAudit(gw, 'write-requested'))?.user, 'victor');
    assert.equal((await lastAudit(gw, 'write-request-answered'))?.approved, true);
  });

  it('denying leaves the role as it was, and a second answer is refused', async (t) => {
    const { connect, api, gw } = await setup(t);
    await connect('olga');
    const viewer = await connect('victor');
    viewer.send({ type: 'request-write' });
    const id = hello(viewer).clientId;
    await waitFor(
      'the request to be recorded',
      async () => (await lastAudit(gw, 'write-requested')) !== undefined,
    );
    assert.equal(
      (await api('olga', 'POST', `/clients/${id}/write-request`, { approve: false })).status,
      200,
    );
    assert.equal(
      (await api('olga', 'POST', `/clients/${id}/write-request`, { approve: true })).status,
      409,
    );
    const entry = (await clientsOf(api)).find((c) => c.id === id);
    assert.equal(entry?.role, 'viewer');
    assert.equal(entry?.wantsWrite, false);
    assert.ok(!viewer.messages.some((m) => m.type === 'role'));
    viewer.send({ type: 'request-write' });
    viewer.send({ type: 'ping', t: 7 });
    await waitFor('the ping sent after the second request to be answered', () =>
      viewer.messages.some((m) => m.type === 'pong' && m.t === 7),
    );
    assert.equal(
      (await gw.audit()).filter((r) => r.event === 'write-requested').length,
      1,
      'rate limited per client',
    );
  });
});
