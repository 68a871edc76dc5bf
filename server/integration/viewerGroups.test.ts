// Shared viewer clients: viewers of one session at one size share one read-only tmux client.
// Real tmux, the real gateway, real WebSockets; screens compared as a browser would show them.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloseCode } from '../../shared/protocol.js';
import { listSessionClients } from '../tmux/clients.js';
import { localTmux } from '../tmux/localTmux.js';
import { sessionOn } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import { TestClient, sameScreen } from './testClient.js';
import { logTmuxRuns, waitFor } from './tmuxFixture.js';

async function setup(t: TestContext) {
  const { tmux, gw, cookies, connect } = await setupGateway(t, {
    users: ['olga', 'victor'],
    sessions: (socket) => [
      sessionOn(socket, 'main', { access: { olga: 'owner', victor: 'viewer' } }),
    ],
  });
  const tmuxClients = async () => listSessionClients(localTmux(tmux.socket), 'main');
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${gw.url}/api/sessions/main${path}`, {
      method,
      headers: { Cookie: cookies.olga, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { tmux, gw, connect, tmuxClients, api };
}

function clientIdOf(client: TestClient): string {
  const hello = client.messages.find((m) => m.type === 'hello');
  assert.ok(hello?.type === 'hello');
  return hello.clientId;
}

/** Output that makes tmux use scroll regions, colours and two panes. */
const BUSY_OUTPUT = `${[
  `tmux split-window -d -h 'seq 1 300; printf "\\033[31mred\\033[0m pane\\n"; sleep 600'`,
  'seq 1 120',
  `printf '\\033[1;44mbold on blue\\033[0m\\n'`,
  'echo ALL""-DONE',
].join('; ')}\r`;

describe('shared viewer clients', () => {
  it('give every viewer of the window the writer’s screen, through one tmux client', async (t) => {
    const { connect, tmuxClients } = await setup(t);
    const writer = await connect('olga', { cols: 100, rows: 30 });
    await writer.waitForScreen(/tg\$/);
    const viewers = await Promise.all(
      Array.from({ length: 5 }, () => connect('victor', { cols: 70, rows: 20, fit: true })),
    );
    for (const viewer of viewers) {
      const window = await viewer.waitForMessage('window');
      assert.deepEqual([window.cols, window.rows], [100, 30]);
    }
    writer.type(BUSY_OUTPUT);
    await writer.waitForScreen(/ALL-DONE/, 20000);
    for (const [index, viewer] of viewers.entries())
      await sameScreen(viewer, writer, `viewer ${index}`);
    // The writer's own client and one shared read-only client: not one per viewer.
    const clients = await tmuxClients();
    assert.equal(clients.length, 2, JSON.stringify(clients));
    assert.deepEqual(clients.map((client) => client.readOnly).sort(), [false, true]);
  });

  it('give a late joiner the full screen without redrawing the others', async (t) => {
    const { connect, gw, tmux } = await setup(t);
    // No status-line clock: a minute turning over mid-test would redraw it for everyone.
    await tmux.tmux('set-option', '-g', 'status-right', '');
    const writer = await connect('olga', { cols: 90, rows: 25 });
    await writer.waitForScreen(/tg\$/);
    const early = await connect('victor', { fit: true });
    writer.type(BUSY_OUTPUT);
    await writer.waitForScreen(/ALL-DONE/, 20000);
    await sameScreen(early, writer, 'early viewer');
    const earlyBytes = early.receivedBytes;

    const late = await connect('victor', { fit: true });
    await sameScreen(late, writer, 'late joiner');
    // Nothing changed on screen, so nothing was sent to the early viewer again.
    assert.equal(early.receivedBytes, earlyBytes);
    assert.ok(gw.logs.every((entry) => entry.event !== 'client_output_resync'));
  });

  it('share one client among viewers of their own, equal size, apart from the window', async (t) => {
    const { connect, tmuxClients } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const small = await Promise.all([
      connect('victor', { cols: 60, rows: 15 }),
      connect('victor', { cols: 60, rows: 15 }),
    ]);
    const other = await connect('victor', { cols: 50, rows: 12 });
    writer.type('echo own-$((6*7))\r');
    for (const viewer of [...small, other]) await viewer.waitForScreen(/own-42/);
    assert.equal(small[0].screen(), small[1].screen());
    // writer + one client for 60x15 + one for 50x12; the window keeps the writer's size.
    const clients = await tmuxClients();
    assert.equal(clients.length, 3);
    assert.deepEqual(clients.map((client) => `${client.cols}x${client.rows}`).sort(), [
      '50x12',
      '60x15',
      '80x24',
    ]);
  });

  it('follow the window when a writer resizes it', async (t) => {
    const { connect } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const viewer = await connect('victor', { fit: true });
    await viewer.waitForMessage('window');
    writer.send({ type: 'resize', cols: 120, rows: 40 });
    writer.term.resize(120, 40);
    await waitFor('the viewer to be told the new window size', () =>
      viewer.messages.some((m) => m.type === 'window' && m.cols === 120 && m.rows === 40),
    );
    writer.type('clear; echo resized-$((6*7))\r');
    await writer.waitForScreen(/resized-42/);
    await sameScreen(viewer, writer, 'viewer after the resize');
    assert.deepEqual([viewer.term.cols, viewer.term.rows], [120, 40]);
  });

  it('switch a viewer between its own size and the window', async (t) => {
    const { connect, tmuxClients } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const viewer = await connect('victor', { fit: true });
    await viewer.waitForMessage('window');
    viewer.send({ type: 'resize', cols: 40, rows: 10 });
    viewer.term.resize(40, 10);
    await waitFor('a 40x10 tmux client for the viewer', async () =>
      (await tmuxClients()).some((client) => client.cols === 40 && client.rows === 10),
    );
    viewer.send({ type: 'fit' });
    await waitFor('the viewer back on the window', async () => {
      const sizes = (await tmuxClients()).map((client) => `${client.cols}x${client.rows}`);
      return sizes.length === 2 && sizes.every((size) => size === '80x24');
    });
    writer.type('echo back-$((6*7))\r');
    await writer.waitForScreen(/back-42/);
    await sameScreen(viewer, writer, 'viewer back on the window');
    // Absurd sizes are clamped, never passed to tmux as they are.
    viewer.send({ type: 'resize', cols: 1e9, rows: -5 });
    await waitFor('the clamped client', async () =>
      (await tmuxClients()).some((client) => client.cols === 1000 && client.rows === 1),
    );
  });

  it('discard and redraw a frozen viewer on its own, without slowing the others', async (t) => {
    const { connect, gw, tmux } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const frozen = await connect('victor', { fit: true, ack: false });
    const healthy = await connect('victor', { fit: true });
    await sameScreen(healthy, writer, 'healthy viewer');
    const rawSocket = (frozen.ws as unknown as { _socket: Socket })._socket;
    rawSocket.pause();

    const stopFile = join(tmux.dir, 'stop-flood');
    writer.type(
      `until [ -e ${stopFile} ]; do yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 20000000; done; clear; echo FLOOD""-DONE\r`,
    );
    await waitFor(
      'the frozen viewer to be switched to discarding',
      () => gw.logs.some((entry) => entry.event === 'client_output_discarding'),
      120000,
    );
    await writeFile(stopFile, '');
    await writer.waitForScreen(/^FLOOD-DONE$/m, 120000);
    // The other viewer of the same group kept up all along and shows the live screen.
    await sameScreen(healthy, writer, 'healthy viewer after the flood');
    const resyncsBefore = gw.logs.filter((e) => e.event === 'client_output_resync').length;

    frozen.acking = true;
    rawSocket.resume();
    await waitFor('the frozen viewer to catch up', () => {
      frozen.flushAck();
      return gw.logs.filter((e) => e.event === 'client_output_resync').length > resyncsBefore;
    });
    await sameScreen(frozen, writer, 'the redrawn viewer');
    // Only the frozen viewer was redrawn.
    const resyncs = gw.logs.filter((e) => e.event === 'client_output_resync');
    assert.ok(resyncs.every((entry) => entry.client === clientIdOf(frozen)));
  });

  it('kick one viewer of a group and leave the others watching', async (t) => {
    const { connect, api, tmuxClients } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const [kept, kicked] = await Promise.all([
      connect('victor', { fit: true }),
      connect('victor', { fit: true }),
    ]);
    await sameScreen(kicked, writer, 'viewer to kick');
    assert.equal((await api('DELETE', `/clients/${clientIdOf(kicked)}`)).status, 204);
    assert.equal(await kicked.waitForClose(), CloseCode.Kicked);
    writer.type('echo still-$((6*7))\r');
    await kept.waitForScreen(/still-42/);
    assert.equal((await tmuxClients()).length, 2);
  });

  it('promote one viewer of a group to writer and back, the others undisturbed', async (t) => {
    const { connect, api, tmuxClients } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const [other, promoted] = await Promise.all([
      connect('victor', { fit: true }),
      connect('victor', { fit: true }),
    ]);
    await sameScreen(promoted, writer, 'viewer to promote');
    const id = clientIdOf(promoted);
    assert.equal((await api('PUT', `/clients/${id}/role`, { role: 'writer' })).status, 200);
    assert.equal((await promoted.waitForMessage('role')).role, 'writer');
    promoted.type('echo promoted-$((6*7))\r');
    await writer.waitForScreen(/promoted-42/);
    await other.waitForScreen(/promoted-42/);
    // writer, the promoted viewer's own read-write client, and the remaining viewer's group.
    assert.deepEqual((await tmuxClients()).map((c) => c.readOnly).sort(), [false, false, true]);

    assert.equal((await api('PUT', `/clients/${id}/role`, { role: 'viewer' })).status, 200);
    await waitFor(
      'the demotion',
      () => promoted.messages.filter((m) => m.type === 'role').length === 2,
    );
    promoted.type('echo ignored-$((6*7))\r');
    writer.type('echo demoted-$((6*7))\r');
    await writer.waitForScreen(/demoted-42/);
    await sameScreen(promoted, writer, 'the demoted viewer');
    await sameScreen(other, writer, 'the other viewer');
    assert.doesNotMatch(writer.screen(), /ignored-42/);
    assert.deepEqual((await tmuxClients()).map((c) => c.readOnly).sort(), [false, true]);
  });

  it('ignore `fit` from a writer, and end every viewer of a group when the session ends', async (t) => {
    const { connect, tmux, tmuxClients } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    writer.send({ type: 'fit' });
    const viewers = await Promise.all([
      connect('victor', { fit: true }),
      connect('victor', { fit: true }),
    ]);
    writer.type('echo fine-$((6*7))\r');
    await writer.waitForScreen(/fine-42/);
    // The viewers' group client is attached once they show what the writer sees.
    for (const viewer of viewers) await viewer.waitForScreen(/fine-42/);
    assert.equal(writer.closeCode, undefined);
    assert.deepEqual(
      (await tmuxClients()).map((c) => `${c.cols}x${c.rows}`),
      ['80x24', '80x24'],
    );

    await localTmux(tmux.socket).run(['kill-session', '-t', '=main']);
    for (const viewer of viewers) {
      assert.equal(await viewer.waitForClose(), CloseCode.SessionEnded);
      assert.equal((await viewer.waitForMessage('exit')).reason, 'session-ended');
    }
  });

  it('cost tmux one session check and one client for a crowd joining at once', async (t) => {
    const { connect, tmux, tmuxClients } = await setup(t);
    // Every tmux run of the gateway is logged by a wrapper from here on.
    const tmuxRuns = (await logTmuxRuns(t, tmux)).runs;

    const crowd = await Promise.all(
      Array.from({ length: 30 }, () => connect('victor', { fit: true })),
    );
    for (const viewer of crowd) await viewer.waitForScreen(/tg\$/);
    const runs = await tmuxRuns();
    assert.ok(
      runs.filter((run) => run.includes('has-session')).length <= 2,
      `session checks: ${runs.join('\n')}`,
    );
    // One shared client; the size guards (`-C attach-session`) are not viewers' clients.
    const attaches = runs.filter((run) => run.includes('attach-session') && !run.includes(' -C '));
    assert.equal(attaches.length, 1);
    assert.equal((await tmuxClients()).length, 1);
  });

  it('give a viewer promoted while still attaching a read-write client of its own', async (t) => {
    const { gw, api, connect, tmuxClients } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const cookie = await gw.loginAs('victor', 'pw');
    const viewer = await TestClient.connect({ url: gw.url, cookie, fit: true });
    t.after(() => viewer.close());
    // hello comes before the tmux client is attached: promote at once.
    const hello = await viewer.waitForMessage('hello');
    assert.equal(
      (await api('PUT', `/clients/${hello.clientId}/role`, { role: 'writer' })).status,
      200,
    );
    assert.equal((await viewer.waitForMessage('role')).role, 'writer');
    viewer.type('echo early-$((6*7))\r');
    await writer.waitForScreen(/^early-42$/m);
    await waitFor('two read-write clients', async () =>
      (await tmuxClients()).every((client) => !client.readOnly),
    );
  });
});
