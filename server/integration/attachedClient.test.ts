// AttachedClient against real tmux: many clients attached at once and ended while their session
// is killed leave no child process and no tmux client behind, and attaching works again after.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AttachedClient } from '../tmux/attachedClient.js';
import { runningChildCount } from '../tmux/childProcesses.js';
import { localTmux } from '../tmux/localTmux.js';
import { startTmux, waitFor } from './tmuxFixture.js';

/** Clients attached at once per round: enough to interleave exits, disposes and data. */
const CLIENTS_PER_ROUND = 8;
const ROUNDS = 5;

describe('AttachedClient', () => {
  it('ends cleanly however its exit and dispose race, and attaches again after', async (t) => {
    // A second session keeps the server up when `main` is killed: a new-session racing a server
    // that is exiting fails with "server exited unexpectedly".
    const tmux = await startTmux(['main', 'bystander']);
    t.after(() => tmux.cleanup());
    const server = localTmux(tmux.socket);
    const before = runningChildCount();
    for (let round = 0; round < ROUNDS; round += 1) {
      const clients = Array.from(
        { length: CLIENTS_PER_ROUND },
        (_, index) =>
          new AttachedClient(server, {
            target: 'main',
            readOnly: index % 2 === 0,
            cols: 80,
            rows: 24,
          }),
      );
      let exits = 0;
      for (const client of clients) client.onExit(() => (exits += 1));
      await waitFor(
        'every client attached',
        async () =>
          (await tmux.tmux('list-clients')).trim().split('\n').length === CLIENTS_PER_ROUND,
      );
      // Half are disposed while the session is being killed under all of them.
      const killing = tmux.tmux('kill-session', '-t', '=main');
      clients.forEach((client, index) => {
        if (index % 2 === 1) client.dispose();
      });
      await killing;
      await Promise.all(clients.map((client) => client.exited));
      for (const client of clients) {
        client.dispose();
        client.write(Buffer.from('x'));
        client.resize(10, 10);
        await client.redraw();
      }
      assert.ok(exits <= CLIENTS_PER_ROUND / 2, 'no exit told for a disposed client');
      assert.equal(runningChildCount(), before);
      await tmux.newSession('main');
    }
    const again = new AttachedClient(server, {
      target: 'main',
      readOnly: false,
      cols: 80,
      rows: 24,
    });
    t.after(() => again.dispose());
    const listed = await waitFor('the new client attached', async () =>
      (await tmux.tmux('list-clients', '-F', '#{client_pid} #{client_tty}')).trim(),
    );
    assert.equal(listed, `${again.tmuxClient?.pid} ${again.tmuxClient?.tty}`);
    await again.redraw();
  });
});
