// Roles over real tmux: viewers can neither type, switch, scroll nor resize; access is per session.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword } from '../auth/passwords.js';
import { startGateway, sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor, type TmuxFixture } from './tmuxFixture.js';

let hashes: Promise<string[]> | undefined;
const USERS = ['wendy', 'victor', 'mallory'] as const;
function passwordHashes() {
  hashes ??= Promise.all(USERS.map((name) => hashPassword(`${name}-pw`)));
  return hashes;
}

async function setup(t: TestContext) {
  const list = await passwordHashes();
  const users = USERS.map((name, index) => ({ name, passwordHash: list[index]!, admin: false }));
  // Two sessions on one socket (so prefix ( and ) would have somewhere to go), one on another.
  const shared = await startTmux(['main', 'other']);
  const separate = await startTmux(['side']);
  const gw = await startGateway(
    [
      sessionOn(shared.socket, 'main', { access: { wendy: 'writer', victor: 'viewer' } }),
      sessionOn(shared.socket, 'other', { access: { wendy: 'writer' } }),
      sessionOn(separate.socket, 'side', { access: { victor: 'writer', wendy: 'viewer' } }),
    ],
    { users },
  );
  const clients: TestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await gw.cleanup();
    await shared.cleanup();
    await separate.cleanup();
  });
  const cookies = {
    wendy: await gw.loginAs('wendy', 'wendy-pw'),
    victor: await gw.loginAs('victor', 'victor-pw'),
    mallory: await gw.loginAs('mallory', 'mallory-pw'),
  };
  const connect = async (
    user: keyof typeof cookies,
    session = 'main',
    size = { cols: 80, rows: 24 },
  ) => {
    const client = await TestClient.connect({
      url: gw.url,
      cookie: cookies[user],
      session,
      ...size,
    });
    clients.push(client);
    await client.waitForMessage('hello');
    return client;
  };
  return { gw, shared, separate, cookies, connect };
}

/** Everything a viewer could try to change, read straight from tmux. */
async function observable(tmux: TmuxFixture) {
  const [pane, format, clients] = await Promise.all([
    tmux.tmux('capture-pane', '-p', '-t', '=main:'),
    tmux.tmux(
      'display-message',
      '-p',
      '-t',
      '=main:',
      '#{session_windows} #{window_index} #{pane_in_mode} #{window_width}x#{window_height}',
    ),
    // Browsers' clients; the gateway's size guards (control-mode clients) are left out.
    tmux.tmux(
      'list-clients',
      '-F',
      '#{?client_control_mode,,#{client_readonly} #{client_session}}',
    ),
  ]);
  const browsers = clients.split('\n').filter((line) => line !== '');
  return { pane, format: format.trim(), clients: browsers.sort() };
}

/** Keystrokes a viewer might send: text, Enter, tmux prefix commands, mouse reports. */
const VIEWER_ATTEMPTS = [
  'echo pwned\r',
  '\r',
  '\x02(',
  '\x02)',
  '\x02L',
  '\x02c',
  '\x02n',
  '\x02[',
  '\x02:kill-server\r',
  '\x1b[<0;10;5M\x1b[<0;10;5m',
  '\x1b[<64;10;5M',
  '\x1b[M !!',
];

describe('viewer role', () => {
  it('sees the writer output, and nothing the viewer sends changes anything', async (t) => {
    const { shared, connect, gw } = await setup(t);
    const writer = await connect('wendy');
    const viewer = await connect('victor');
    assert.equal(writer.messages[0]?.type === 'hello' && writer.messages[0].role, 'writer');
    assert.equal(viewer.messages[0]?.type === 'hello' && viewer.messages[0].role, 'viewer');

    writer.type('echo from-writer-$((6*7))\r');
    await viewer.waitForScreen(/^from-writer-42$/m);
    await waitFor(
      'both clients to be attached',
      async () => (await observable(shared)).clients.length === 2,
    );
    const before = await observable(shared);
    assert.deepEqual(before.clients, ['0 main', '1 main'], 'the viewer is a read-only tmux client');

    for (const attempt of VIEWER_ATTEMPTS) viewer.type(attempt);
    // A marker typed by the writer after the viewer's attempts: once it shows, they were processed.
    writer.type('echo marker-$((1+1))\r');
    await writer.waitForScreen(/^marker-2$/m);
    await viewer.waitForScreen(/^marker-2$/m);

    const after = await observable(shared);
    assert.doesNotMatch(after.pane, /pwned/);
    assert.equal(
      after.format,
      before.format,
      'windows, window index, copy mode and size unchanged',
    );
    assert.deepEqual(after.clients, before.clients, 'the viewer stayed on its session, read-only');
    assert.equal(
      after.pane
        .replace(/^.*marker.*$/gm, '')
        .replace(/^tg\$.*$/gm, '')
        .trim(),
      before.pane.replace(/^tg\$.*$/gm, '').trim(),
    );
    assert.equal(
      gw.logs.filter((entry) => entry.event === 'viewer_input_dropped').length,
      1,
      'logged once per connection',
    );
  });

  it('does not resize the shared window when a viewer resizes', async (t) => {
    const { shared, connect } = await setup(t);
    const writer = await connect('wendy', 'main', { cols: 100, rows: 30 });
    await waitFor(
      'the window to follow the writer',
      async () =>
        (
          await shared.tmux(
            'display-message',
            '-p',
            '-t',
            '=main:',
            '#{window_width}x#{window_height}',
          )
        ).trim() === '100x29',
    );
    const viewer = await connect('victor', 'main', { cols: 20, rows: 5 });
    viewer.send({ type: 'resize', cols: 20, rows: 5 });
    await waitFor('the viewer tmux client to be 20x5', async () =>
      (
        await shared.tmux(
          'list-clients',
          '-F',
          '#{client_readonly} #{client_width}x#{client_height}',
        )
      ).includes('1 20x5'),
    );
    writer.type('echo sized\r');
    await viewer.waitForScreen(/sized/);
    const size = (
      await shared.tmux('display-message', '-p', '-t', '=main:', '#{window_width}x#{window_height}')
    ).trim();
    assert.equal(size, '100x29');
  });
});

describe('access', () => {
  it('lets one user be writer on one session and viewer on another at the same time', async (t) => {
    const { connect, separate, shared } = await setup(t);
    const onMain = await connect('wendy', 'main');
    const onSide = await connect('wendy', 'side');
    assert.equal(onMain.messages[0]?.type === 'hello' && onMain.messages[0].role, 'writer');
    assert.equal(onSide.messages[0]?.type === 'hello' && onSide.messages[0].role, 'viewer');
    onMain.type('echo main-write\r');
    await onMain.waitForScreen(/^main-write$/m);
    onSide.type('echo side-write\r');
    const victor = await connect('victor', 'side');
    victor.type('echo victor-$((3*3))\r');
    await onSide.waitForScreen(/^victor-9$/m);
    assert.doesNotMatch(await separate.tmux('capture-pane', '-p', '-t', '=side:'), /side-write/);
    assert.match(await shared.tmux('capture-pane', '-p', '-t', '=main:'), /main-write/);
  });

  it('refuses no access and unknown sessions alike with 404 before any upgrade, and audits it all', async (t) => {
    const { gw, cookies, connect } = await setup(t);
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie: cookies.mallory, session: 'main' }),
      404,
    );
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie: cookies.victor, session: 'other' }),
      404,
    );
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie: cookies.mallory, session: 'nope' }),
      404,
    );
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, session: 'nope' }),
      401,
      'outsiders learn nothing',
    );

    const viewer = await connect('victor');
    viewer.close();
    await waitFor('the leave to be audited', async () =>
      (await gw.audit()).some((r) => r.event === 'leave'),
    );
    const records = await gw.audit();
    const denied = records.filter((r) => r.event === 'upgrade-denied');
    assert.deepEqual(
      denied.map((r) => [r.user, r.session ?? null, r.reason]),
      [
        ['mallory', 'main', 'no-access'],
        ['victor', 'other', 'no-access'],
        ['mallory', null, 'unknown-session'],
        [undefined, null, 'unauthenticated'],
      ],
    );
    const join = records.find((r) => r.event === 'join');
    const leave = records.find((r) => r.event === 'leave');
    assert.equal(join?.user, 'victor');
    assert.equal(join?.role, 'viewer');
    assert.equal(join?.session, 'main');
    assert.equal(typeof join?.client, 'string');
    assert.equal(leave?.client, join?.client);
    assert.equal(typeof leave?.durationMs, 'number');
    for (const record of records) assert.match(String(record.time), /^\d{4}-\d\d-\d\dT/);
    assert.ok(records.filter((r) => r.event === 'login').length >= 3);
  });
});
