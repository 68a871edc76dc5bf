// A local tmux's attached pty against real tmux: tmux's own pid and tty for it, safe to resize
// and write while and after its client goes, input delivered whole or not at all, and known to
// the process-wide child registry exactly while it runs.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { localTmux } from '../tmux/localTmux.js';
import { runningChildCount } from '../tmux/childProcesses.js';
import { startTmux, waitFor, type TmuxFixture } from './tmuxFixture.js';

/** A writer's client of `target`, attached and then stopped (SIGSTOP): it reads nothing more. */
async function attachStopped(t: TestContext, tmux: TmuxFixture, target: string) {
  const pty = localTmux(tmux.socket).attach({ target, readOnly: false, cols: 80, rows: 24 });
  t.after(() => pty.kill());
  await waitFor('the client attached', async () => (await tmux.tmux('list-clients')).trim() !== '');
  const pid = pty.tmuxClient!.pid;
  process.kill(pid, 'SIGSTOP');
  return { pty, pid };
}

describe('LocalTmuxPty', () => {
  it('ignores resizes and writes from the moment its client is detached', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    for (let round = 0; round < 10; round += 1) {
      const before = runningChildCount();
      const pty = localTmux(tmux.socket).attach({
        target: 'main',
        readOnly: false,
        cols: 80,
        rows: 24,
      });
      assert.equal(runningChildCount(), before + 1);
      let exited = false;
      pty.onExit(() => {
        exited = true;
      });
      await waitFor(
        'the client attached',
        async () => (await tmux.tmux('list-clients')).trim() !== '',
      );
      void tmux.tmux('detach-client', '-a', '-t', '=main').catch(() => undefined);
      void tmux.tmux('detach-client', '-s', '=main').catch(() => undefined);
      // Resize and write as fast as a page could, across the close and the exit.
      let size = 0;
      while (!exited) {
        size = (size + 1) % 30;
        pty.resize(50 + size, 10 + size);
        pty.write(Buffer.from('x'));
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.equal(pty.isOpen, false);
      pty.resize(10, 10);
      pty.kill();
      assert.equal(runningChildCount(), before);
    }
  });

  it("knows the client's pid and tty as tmux lists them, from the moment it spawns", async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const server = localTmux(tmux.socket);
    for (let round = 0; round < 5; round += 1) {
      const pty = server.attach({ target: 'main', readOnly: round % 2 === 1, cols: 80, rows: 24 });
      const known = pty.tmuxClient;
      assert.ok(known, 'known at spawn');
      assert.deepEqual(await pty.identified, known);
      const listed = await waitFor('the client attached', async () =>
        (await tmux.tmux('list-clients', '-F', '#{client_pid} #{client_tty}')).trim(),
      );
      assert.equal(listed, `${known.pid} ${known.tty}`);
      const exited = new Promise((resolve) => pty.onExit(resolve));
      pty.kill();
      await exited;
      await waitFor('the client gone', async () => (await tmux.tmux('list-clients')).trim() === '');
    }
  });

  it('delivers input the pty cannot take at once, whole and in order', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const received = join(tmux.dir, 'received');
    await tmux.newSession('sink', ['sh', '-c', `stty raw -echo; exec cat > ${received}`]);
    // A stopped client reads nothing: its pty fills and the rest must wait.
    const { pty, pid } = await attachStopped(t, tmux, 'sink');
    const sent = Buffer.from(
      Array.from({ length: 40_000 }, (_, index) => `${index.toString(36)}q`).join(''),
    );
    for (let at = 0; at < sent.length; at += 4096) pty.write(sent.subarray(at, at + 4096));
    process.kill(pid, 'SIGCONT');
    await waitFor('every byte arrived', () => statSync(received).size >= sent.length, 60_000);
    assert.ok(readFileSync(received).equals(sent), 'the same bytes in the same order');
  });

  it('never writes input it could not deliver into a descriptor reused after its client went', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const { pty, pid } = await attachStopped(t, tmux, 'main');
    pty.write(Buffer.alloc(1 << 20, 'x'));
    // Files opened from the moment it exits take the lowest free descriptor numbers, the pty's
    // among them, as the sockets and ptys of a busy gateway do.
    const sinks: number[] = [];
    const exited = new Promise<void>((resolve) =>
      pty.onExit(() => {
        for (let index = 0; index < 20; index += 1) {
          sinks.push(openSync(join(tmux.dir, `sink-${index}`), 'w'));
        }
        resolve();
      }),
    );
    process.kill(pid, 'SIGKILL');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const fd of sinks) closeSync(fd);
    const names = (await readdir(tmux.dir)).filter((name) => name.startsWith('sink-'));
    const sizes = await Promise.all(
      names.map(async (name) => (await stat(join(tmux.dir, name))).size),
    );
    assert.equal(names.length, sinks.length);
    assert.deepEqual(
      sizes.filter((size) => size > 0),
      [],
      'no input landed in a file that took the pty descriptor',
    );
  });
});
