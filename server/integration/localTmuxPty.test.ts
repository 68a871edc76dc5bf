// A local tmux's attached pty against real tmux: tmux's own pid and tty for it, safe to resize and write while and after its client goes, and
// known to the process-wide child registry exactly while it runs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { localTmux } from '../tmux/localTmux.js';
import { runningChildCount } from '../tmux/childProcesses.js';
import { startTmux, waitFor } from './tmuxFixture.js';

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
});
