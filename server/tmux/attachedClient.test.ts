import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { AttachedClient } from './attachedClient.js';
import { FakeTmuxServer, type FakeTmuxPty } from './fakeTmuxServer.js';
import { OUTPUT_COALESCE_MS } from './outputBatcher.js';

function attached(options: { coalesceMs?: number; readOnly?: boolean } = {}) {
  const tmux = new FakeTmuxServer();
  const client = new AttachedClient(tmux, {
    target: 'main',
    readOnly: options.readOnly ?? false,
    cols: 80,
    rows: 24,
    ...(options.coalesceMs === undefined ? {} : { coalesceMs: options.coalesceMs }),
  });
  const pty = tmux.lastPty as FakeTmuxPty;
  const frames: string[] = [];
  const exits: number[] = [];
  client.onData((frame) => frames.push(frame.toString('utf8')));
  client.onExit(({ exitCode }) => exits.push(exitCode));
  return { tmux, client, pty, frames, exits };
}

describe('AttachedClient', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('attaches the target as asked, and knows the tmux client at once', () => {
    const { client, pty } = attached({ readOnly: true });
    assert.deepEqual(pty.options, { target: 'main', readOnly: true, cols: 80, rows: 24 });
    assert.equal(client.pid, pty.tmuxClient.pid);
    assert.deepEqual(client.tmuxClient, pty.tmuxClient);
  });

  it('coalesces reads into one frame, and sends echo at once after input', () => {
    const { client, pty, frames } = attached();
    pty.emitData('a');
    pty.emitData('b');
    assert.deepEqual(frames, [], 'gathered, not sent');
    mock.timers.tick(OUTPUT_COALESCE_MS);
    assert.deepEqual(frames, ['ab']);
    client.expectEcho();
    pty.emitData('x');
    assert.deepEqual(frames, ['ab', 'x'], 'echo is not delayed');
    pty.emitData('y');
    client.flush();
    assert.deepEqual(frames, ['ab', 'x', 'y']);
  });

  it('delivers every read as it comes with coalesceMs 0', () => {
    const { pty, frames } = attached({ coalesceMs: 0 });
    pty.emitData('a');
    pty.emitData('b');
    assert.deepEqual(frames, ['a', 'b']);
  });

  it('tells its exit once, after the output gathered so far', async () => {
    const { client, pty, frames, exits } = attached();
    const order: string[] = [];
    client.onData(() => order.push('data'));
    client.onExit(() => order.push('exit'));
    pty.emitData('bye');
    pty.exit(3);
    pty.exit(4);
    assert.deepEqual(frames, ['bye']);
    assert.deepEqual(exits, [3]);
    assert.deepEqual(order, ['data', 'exit']);
    assert.deepEqual(await client.exited, { exitCode: 3 });
  });

  it('writes and resizes nothing once the client has exited', () => {
    const { client, pty } = attached();
    client.write(Buffer.from('ls\r'));
    client.resize(100, 30);
    pty.exit(0);
    client.write(Buffer.from('late'));
    client.resize(120, 40);
    assert.equal(pty.writtenText, 'ls\r');
    assert.deepEqual(pty.sizes, [{ cols: 100, rows: 30 }]);
  });

  it('dispose kills the pty once, drops pending output and tells no exit', async () => {
    const { client, pty, frames, exits } = attached();
    pty.emitData('pending');
    client.dispose();
    client.dispose();
    assert.equal(pty.killed, 1);
    mock.timers.tick(OUTPUT_COALESCE_MS);
    pty.emitData('after');
    client.flush();
    assert.deepEqual(frames, []);
    assert.deepEqual(exits, []);
    assert.deepEqual(await client.exited, { exitCode: 0 }, 'the process did exit');
  });

  it('redraws through refresh-client on its own tty, and not once disposed', async () => {
    const { tmux, client, pty } = attached();
    await client.redraw();
    assert.deepEqual(tmux.ran('refresh-client'), [['refresh-client', '-t', pty.tmuxClient.tty]]);
    client.dispose();
    await client.redraw();
    assert.equal(tmux.ran('refresh-client').length, 1);
  });

  it('tells the exit of a client whose session does not exist', async () => {
    const tmux = new FakeTmuxServer();
    const client = new AttachedClient(tmux, { target: 'gone', readOnly: true, cols: 80, rows: 24 });
    let told: number | undefined;
    client.onExit(({ exitCode }) => (told = exitCode));
    assert.deepEqual(await client.exited, { exitCode: 1 });
    assert.equal(told, 1);
  });

  it('throws when the client cannot be spawned', () => {
    const tmux = new FakeTmuxServer();
    tmux.attachError = new Error('posix_spawnp failed');
    assert.throws(
      () => new AttachedClient(tmux, { target: 'main', readOnly: false, cols: 80, rows: 24 }),
      /posix_spawnp/,
    );
  });
});
