// The terminal bridge end to end: real tmux on a private socket, the real gateway on a free port.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CloseCode } from '../../shared/protocol.js';
import type { Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startGateway, sessionOn } from './gatewayFixture.js';
import { spawnGateway } from './gatewayProcessFixture.js';
import { setup as setupGateway } from './setup.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor, TEST_PROMPT } from './tmuxFixture.js';

const run = promisify(execFile);

async function setup(t: TestContext) {
  const { tmux, gw, clients } = await setupGateway(t, {
    sessions: (socket) => [sessionOn(socket)],
  });
  const cookie = await gw.login();
  const connect = async (
    options: { ack?: boolean; cols?: number; rows?: number; session?: string } = {},
  ) => {
    const client = await TestClient.connect({ url: gw.url, cookie, ...options });
    clients.push(client);
    return client;
  };
  return { tmux, gw, cookie, connect };
}

/** tmux client processes that are children of this process (the in-process gateway's ptys). */
async function childTmuxProcesses(): Promise<string[]> {
  const { stdout } = await run('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).catch(
    () => ({ stdout: '' }),
  );
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\btmux/.test(line));
}

async function tmuxClients(tmux: { tmux(...args: string[]): Promise<string> }): Promise<string[]> {
  const out = await tmux.tmux(
    'list-clients',
    '-F',
    '#{client_tty} #{client_width}x#{client_height}',
  );
  return out.split('\n').filter((line) => line.trim() !== '');
}

describe('terminal over WebSocket', () => {
  it('accepts no compression a browser offers: output frames go out as they are', async (t) => {
    const { gw, cookie } = await setup(t);
    const client = await TestClient.connect({ url: gw.url, cookie, offerCompression: true });
    t.after(() => client.close());
    await client.waitForMessage('hello');
    // Compressing every keystroke's echo would cost latency and CPU for a few bytes saved.
    assert.equal(client.ws.extensions, '');
  });

  it('says hello first, with protocol 1 and the owner role', async (t) => {
    const { connect } = await setup(t);
    const client = await connect();
    const hello = await client.waitForMessage('hello');
    assert.equal(client.messages[0]?.type, 'hello');
    assert.equal(hello.protocol, 1);
    assert.equal(hello.role, 'owner');
    assert.equal(hello.session, 'main');
    assert.equal(hello.user, 'owner');
    assert.match(hello.clientId, /^[A-Za-z0-9_-]+$/);
  });

  it('echoes typed input through tmux', async (t) => {
    const { connect } = await setup(t);
    const client = await connect();
    await client.waitForScreen(new RegExp(TEST_PROMPT.replace('$', '\\$')));
    client.type('echo "hel""lo-$((40+2))"\r');
    await client.waitForScreen(/^hello-42$/m);
  });

  it('answers ping with pong carrying the same t', async (t) => {
    const { connect } = await setup(t);
    const client = await connect();
    client.send({ type: 'ping', t: 12345.5 });
    const pong = await client.waitForMessage('pong');
    assert.equal(pong.t, 12345.5);
  });

  it('resizes its own tmux client', async (t) => {
    const { connect, tmux } = await setup(t);
    const client = await connect({ cols: 80, rows: 24 });
    await waitFor('the client to attach', async () => (await tmuxClients(tmux)).length === 1);
    client.send({ type: 'resize', cols: 100, rows: 30 });
    await waitFor('tmux to see 100x30', async () =>
      (await tmuxClients(tmux))[0]?.endsWith(' 100x30'),
    );
    client.send({ type: 'resize', cols: 1e9, rows: 1e9 });
    await waitFor('an absurd size to be clamped', async () =>
      (await tmuxClients(tmux))[0]?.endsWith(' 1000x500'),
    );
  });

  it('leaves no tmux client and no child process after the socket closes', async (t) => {
    const { connect, tmux } = await setup(t);
    const baseline = await childTmuxProcesses();
    const clean = await connect();
    const dirty = await connect();
    await waitFor('both clients to attach', async () => (await tmuxClients(tmux)).length === 2);
    clean.close();
    dirty.ws.terminate();
    await waitFor('tmux clients to be gone', async () => (await tmuxClients(tmux)).length === 0);
    await waitFor(
      'attach processes to be reaped',
      async () => (await childTmuxProcesses()).length <= baseline.length,
    );
    assert.equal(
      (await tmux.tmux('list-sessions', '-F', '#{session_name}')).trim(),
      'main',
      'the session lives on',
    );
  });

  it('tells the browser the session ended when it is killed, with close code 4000', async (t) => {
    const { connect, tmux } = await setup(t);
    const client = await connect();
    await waitFor('the client to attach', async () => (await tmuxClients(tmux)).length === 1);
    await tmux.tmux('kill-session', '-t', '=main');
    const exit = await client.waitForMessage('exit');
    assert.equal(exit.reason, 'session-ended');
    assert.equal(await client.waitForClose(), CloseCode.SessionEnded);
  });

  it('refuses upgrades without a login (401), from a foreign Origin (403), to unknown sessions (404)', async (t) => {
    const { gw, cookie } = await setup(t);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url }), 401);
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie: 'tmuxgate_login=v1.forged.mac' }),
      401,
    );
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie, origin: 'https://evil.example' }),
      403,
    );
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie, origin: 'null' }), 403);
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie, session: 'nope' }), 404);
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie, session: '..%2F..%2Fetc' }),
      404,
    );
    assert.equal(await TestClient.upgradeStatus({ url: gw.url, cookie }), 101);
  });

  it('terminates a browser that stops answering pings, and keeps one that answers', async (t) => {
    const tmux = await startTmux();
    const gw = await startGateway([sessionOn(tmux.socket)], { heartbeatMs: 200 });
    t.after(async () => {
      await gw.cleanup();
      await tmux.cleanup();
    });
    const cookie = await gw.login();
    const dead = await TestClient.connect({ url: gw.url, cookie, autoPong: false });
    const alive = await TestClient.connect({ url: gw.url, cookie });
    t.after(() => {
      dead.close();
      alive.close();
    });
    await waitFor('both attached', async () => (await tmuxClients(tmux)).length === 2);
    assert.equal(await dead.waitForClose(), 1006, 'terminated without a close handshake');
    await waitFor('its tmux client to be gone', async () => (await tmuxClients(tmux)).length === 1);
    assert.ok(gw.logs.some((entry) => entry.event === 'client_heartbeat_lost'));
    alive.type('echo heartbeat-ok\r');
    await alive.waitForScreen(/^heartbeat-ok$/m);
    assert.equal(alive.closeCode, undefined);
  });

  it('answers malformed control messages with exit error and keeps serving the others', async (t) => {
    const { connect } = await setup(t);
    const bystander = await connect();
    const bad = [
      'not json',
      '{"type":"exec","cmd":"id"}',
      '{"type":"resize","cols":"wide","rows":2}',
      JSON.stringify({ type: 'ping', t: 1, pad: 'x'.repeat(10000) }),
    ];
    for (const text of bad) {
      const offender = await connect();
      await offender.waitForMessage('hello');
      offender.sendRaw(text);
      const exit = await offender.waitForMessage('exit');
      assert.equal(exit.reason, 'error', text);
      assert.equal(await offender.waitForClose(), CloseCode.ProtocolError);
    }
    bystander.type('echo still-$((1+1))\r');
    await bystander.waitForScreen(/^still-2$/m);
  });

  it('keeps a frozen client from stalling others or growing memory, then redraws it', async (t) => {
    const tmux = await startTmux();
    const gw = await spawnGateway([sessionOn(tmux.socket)]);
    const clients: TestClient[] = [];
    t.after(async () => {
      for (const client of clients) client.close();
      await gw.stop();
      await tmux.cleanup();
    });
    const frozen = await TestClient.connect({ url: gw.url, cookie: gw.cookie, ack: false });
    const healthy = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
    clients.push(frozen, healthy);
    await frozen.waitForMessage('hello');
    await healthy.waitForScreen(/tg\$/);
    // The frozen browser stops reading its socket and never acknowledges anything.
    const rawSocket = (frozen.ws as unknown as { _socket: Socket })._socket;
    rawSocket.pause();
    const rssBefore = await gw.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      void gw.rss().then(
        (rss) => (rssPeak = Math.max(rssPeak, rss)),
        () => undefined,
      );
    }, 100);
    t.after(() => clearInterval(sampler));

    // Rounds of ~30 MB through the pane, until the gateway has had to discard for the frozen
    // client (how much tmux writes to each client depends on how fast its pty is read).
    const stopFile = join(tmux.dir, 'stop-flood');
    healthy.type(
      `until [ -e ${stopFile} ]; do yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789 | head -c 30000000; done; echo; echo FLOOD""-DONE\r`,
    );
    await waitFor(
      'the frozen client to be switched to discarding',
      () => gw.logs.some((entry) => entry.event === 'client_output_discarding'),
      120000,
    );
    await writeFile(stopFile, '');
    await healthy.waitForScreen(/^FLOOD-DONE$/m, 120000);
    healthy.type('echo bystander-$((2*21))\r');
    await healthy.waitForScreen(/^bystander-42$/m);
    clearInterval(sampler);
    const growthMb = (rssPeak - rssBefore) / 1024 / 1024;
    assert.ok(
      growthMb < 100,
      `gateway RSS grew by ${growthMb.toFixed(0)} MB while 30 MB went to a frozen client`,
    );

    // The frozen browser wakes up, processes what it had, and acknowledges it: tmux redraws it.
    frozen.acking = true;
    rawSocket.resume();
    await waitFor('the frozen client to catch up', () => {
      frozen.flushAck();
      return gw.logs.some((entry) => entry.event === 'client_output_resync');
    });
    await frozen.waitForScreen(/^bystander-42$/m, 30000);
    await waitFor(
      'the redrawn screen to be the live screen',
      () => frozen.screen() === healthy.screen(),
    );
  });
});
