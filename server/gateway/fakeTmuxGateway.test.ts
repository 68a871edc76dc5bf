// The tmux seam end to end: the real gateway on a loopback port and a real WebSocket, with an
// in-memory tmux server behind its session (tmux/fakeTmuxServer.ts). Whatever the gateway does
// with tmux goes through that one seam, so a fake there drives a whole connection — the proof that
// a session on another host needs one more TmuxServer implementation and no change to callers.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CloseCode } from '../../shared/protocol.js';
import { OWNER, sessionOn, startGateway } from '../integration/gatewayFixture.js';
import { TestClient } from '../integration/testClient.js';
import { waitFor } from '../integration/tmuxFixture.js';
import { FakeTmuxServer, type FakeTmuxPty } from '../tmux/fakeTmuxServer.js';

const VIEWER = { name: 'victor', kind: 'local', admin: false } as const;

async function setup(t: TestContext) {
  const tmux = new FakeTmuxServer('/nonexistent/tmuxgate-fake.sock');
  tmux.autoAttachControls = true;
  const gw = await startGateway(
    [sessionOn(tmux.socket, 'main', { access: { victor: 'viewer' } })],
    {
      tmuxFor: () => tmux,
    },
  );
  const clients: TestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await gw.cleanup();
  });
  const connect = async (identity = OWNER, options: { cols?: number; rows?: number } = {}) => {
    const client = await TestClient.connect({
      url: gw.url,
      cookie: await gw.login(identity),
      ...options,
    });
    clients.push(client);
    return client;
  };
  return { tmux, gw, connect };
}

function openPty(tmux: FakeTmuxServer, readOnly: boolean): FakeTmuxPty | undefined {
  return tmux.ptys.find((pty) => pty.isOpen && pty.options.readOnly === readOnly);
}

describe('a fake tmux server behind the real gateway', () => {
  it('attaches a writer, relays output and input, resizes, and ends when the session ends', async (t) => {
    const { tmux, connect } = await setup(t);
    const writer = await connect(OWNER, { cols: 100, rows: 30 });
    assert.equal((await writer.waitForMessage('hello')).role, 'owner');

    const pty = await waitFor('the writer’s tmux client', () => openPty(tmux, false));
    assert.deepEqual(
      { target: pty.options.target, cols: pty.options.cols, rows: pty.options.rows },
      { target: 'main', cols: 100, rows: 30 },
    );
    pty.emitData('drawn by the fake tmux\r\n');
    await writer.waitForScreen(/drawn by the fake tmux/);

    writer.type('echo hi\r');
    await waitFor('the input to reach the tmux client', () => pty.writtenText === 'echo hi\r');

    writer.send({ type: 'resize', cols: 120, rows: 40 });
    await waitFor('the resize to reach the tmux client', () =>
      pty.sizes.some((size) => size.cols === 120 && size.rows === 40),
    );

    tmux.sessions.delete('main');
    pty.exit(0);
    const exit = await writer.waitForMessage('exit');
    assert.equal(exit.reason, 'session-ended');
    assert.equal(await writer.waitForClose(), CloseCode.SessionEnded);
    assert.equal(pty.killed, 0, 'the gateway did not kill a client that had already exited');
  });

  it('gives a viewer a read-only client behind the size guard, and drops its input', async (t) => {
    const { tmux, connect } = await setup(t);
    const viewer = await connect(VIEWER);
    assert.equal((await viewer.waitForMessage('hello')).role, 'viewer');

    const pty = await waitFor('the viewers’ read-only tmux client', () => openPty(tmux, true));
    assert.ok(
      tmux.controls.some((control) => control.args.includes('read-only,no-output')),
      'a size-guard control client was started before the read-only client',
    );
    pty.emitData('seen by the viewer\r\n');
    await viewer.waitForScreen(/seen by the viewer/);

    viewer.type('rm -rf /\r');
    viewer.send({ type: 'ping', t: 1 });
    await viewer.waitForMessage('pong');
    assert.equal(pty.writtenText, '', 'no byte of a viewer reaches tmux');
    assert.equal(openPty(tmux, false), undefined, 'a viewer never gets a writable client');
  });

  it('moves a live connection between a writable client and the viewers’ client on a role change', async (t) => {
    const { tmux, gw, connect } = await setup(t);
    const viewer = await connect(VIEWER);
    await waitFor('the viewers’ client', () => openPty(tmux, true));
    const member = await waitFor('the viewer as a member', () =>
      [...gw.gateway.sessions.get('main')!.members].find((m) => m.identity.name === 'victor'),
    );

    await member.setRole('writer');
    const writable = await waitFor('a writable client', () => openPty(tmux, false));
    viewer.type('typed as a writer');
    await waitFor('input to reach the writable client', () =>
      writable.writtenText.includes('typed as a writer'),
    );

    await member.setRole('viewer');
    await waitFor('the writable client to end', () => writable.killed === 1);
    viewer.type('typed as a viewer');
    viewer.send({ type: 'ping', t: 2 });
    await waitFor('a pong after the demotion', () =>
      viewer.messages.some((message) => message.type === 'pong' && message.t === 2),
    );
    assert.ok(!writable.writtenText.includes('typed as a viewer'));
  });

  it('ends a browser with a server error when tmux cannot be attached, and leaves nothing open', async (t) => {
    const { tmux, gw, connect } = await setup(t);
    tmux.attachError = new Error('pty could not be spawned');
    const writer = await connect();
    const exit = await writer.waitForMessage('exit');
    assert.equal(exit.reason, 'error');
    assert.equal(await writer.waitForClose(), CloseCode.InternalError);
    await waitFor(
      'the connection to leave the session',
      () => gw.gateway.sessions.get('main')!.members.size === 0,
    );
    assert.equal(openPty(tmux, false), undefined);
  });
});
