// AttachPty against real tmux: safe to resize and write while and after its client goes, and
// known to the process-wide child registry exactly while it runs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttachPty } from '../tmux/attach.js';
import { runningChildCount } from '../tmux/childProcesses.js';
import { startTmux, waitFor } from './tmuxFixture.js';

describe('AttachPty', () => {
  it('ignores resizes and writes from the moment its client is detached', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    for (let round = 0; round < 10; round += 1) {
      const before = runningChildCount();
      const pty = new AttachPty({
        socket: tmux.socket,
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
});
