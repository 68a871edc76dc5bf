import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detachClient, listSessionClients, setClientReadOnly } from './clients.js';
import { FakeTmuxServer } from './fakeTmuxServer.js';
import { ensureSession, hasSession, refreshClient, windowViewSize } from './sessionControl.js';
import { TmuxError } from './tmuxServer.js';

describe('session control over a TmuxServer', () => {
  it('asks has-session with an exact target, and reads a failure as "no such session"', async () => {
    const tmux = new FakeTmuxServer();
    assert.equal(await hasSession(tmux, 'main'), true);
    assert.equal(await hasSession(tmux, 'other'), false);
    assert.deepEqual(tmux.ran('has-session'), [
      ['has-session', '-t', '=main'],
      ['has-session', '-t', '=other'],
    ]);
  });

  it('does not take a missing tmux binary for a missing session', async () => {
    const tmux = new FakeTmuxServer();
    tmux.answer('has-session', () => {
      throw new TmuxError('tmux has-session: spawn tmux ENOENT', '', 'ENOENT');
    });
    await assert.rejects(hasSession(tmux, 'main'), /ENOENT/);
  });

  it('creates nothing for a session that exists', async () => {
    const tmux = new FakeTmuxServer();
    assert.equal(await ensureSession(tmux, 'main'), 'existed');
    assert.deepEqual(tmux.ran('new-session'), []);
  });

  it('counts a session another connection created meanwhile as existing', async () => {
    const tmux = new FakeTmuxServer();
    tmux.answer('new-session', () => {
      tmux.sessions.add('late');
      throw new TmuxError('tmux new-session: duplicate session: late', '', 1);
    });
    assert.equal(await ensureSession(tmux, 'late'), 'existed');
    const [created] = tmux.commands.filter((command) => command.args[0] === 'new-session');
    assert.deepEqual(created?.options, { startsServer: true });
    assert.deepEqual(created?.args.slice(0, 4), ['new-session', '-d', '-s', 'late']);
  });

  it('reads the window view size with the status bar, within the protocol bounds', async () => {
    const tmux = new FakeTmuxServer();
    tmux.window = { cols: 120, rows: 39, status: 'on' };
    assert.deepEqual(await windowViewSize(tmux, 'main'), { cols: 120, rows: 40 });
    tmux.window = { cols: 100, rows: 30, status: '3' };
    assert.deepEqual(await windowViewSize(tmux, 'main'), { cols: 100, rows: 33 });
    tmux.window = { cols: 100, rows: 30, status: 'off' };
    assert.deepEqual(await windowViewSize(tmux, 'main'), { cols: 100, rows: 30 });
    assert.equal(tmux.ran('display-message')[0]?.[3], '=main:');
    tmux.answer('display-message', () => 'garbage\n');
    await assert.rejects(windowViewSize(tmux, 'main'), TmuxError);
  });

  it('redraws and detaches one client by its tty', async () => {
    const tmux = new FakeTmuxServer();
    await refreshClient(tmux, '/dev/pts/7');
    await detachClient(tmux, '/dev/pts/7');
    assert.deepEqual(
      tmux.commands.map((command) => command.args),
      [
        ['refresh-client', '-t', '/dev/pts/7'],
        ['detach-client', '-t', '/dev/pts/7'],
      ],
    );
  });

  it("lists a session's clients from list-clients' fields", async () => {
    const tmux = new FakeTmuxServer();
    tmux.answer('list-clients', () =>
      ['4242\t/dev/pts/3\t120\t40\t1\talice\t1700000100\t1700000000', '', '\t\t\t'].join('\n'),
    );
    assert.deepEqual(await listSessionClients(tmux, 'main'), [
      {
        pid: 4242,
        tty: '/dev/pts/3',
        cols: 120,
        rows: 40,
        readOnly: true,
        user: 'alice',
        activity: 1700000100,
        created: 1700000000,
      },
    ]);
    assert.deepEqual(tmux.ran('list-clients')[0]?.slice(0, 3), ['list-clients', '-t', '=main']);
  });

  it('lists the clients attached through the fake by default', async () => {
    const tmux = new FakeTmuxServer();
    const pty = tmux.attach({ target: 'main', readOnly: true, cols: 90, rows: 30 });
    const [client] = await listSessionClients(tmux, 'main');
    assert.equal(client?.pid, pty.tmuxClient.pid);
    assert.equal(client?.tty, pty.tmuxClient.tty);
    assert.equal(client?.readOnly, true);
    assert.equal(client?.cols, 90);
    pty.exit(0);
    assert.deepEqual(await listSessionClients(tmux, 'main'), []);
  });

  it('flips a client read-only only when its flag differs', async () => {
    const tmux = new FakeTmuxServer();
    const pty = tmux.attach({ target: 'main', readOnly: false, cols: 80, rows: 24 });
    await setClientReadOnly(tmux, 'main', pty.tmuxClient.tty, false);
    assert.deepEqual(tmux.ran('switch-client'), []);
    await setClientReadOnly(tmux, 'main', pty.tmuxClient.tty, true);
    assert.deepEqual(tmux.ran('switch-client'), [
      ['switch-client', '-c', pty.tmuxClient.tty, '-t', '=main', '-r'],
    ]);
  });
});
