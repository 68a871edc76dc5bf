// The viewer fleet: how viewers are split over processes, the open-file limit parser, and a real
// fleet of raw `tmux attach -r` viewers in two processes watching for a typed key.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachRaw } from '../rawDriver.js';
import { startTmuxServer } from '../tmuxServer.js';
import { waitUntil } from '../wait.js';
import { timeKeystrokes } from '../workloads/keystrokes.js';
import { filesNeededFor, parseFileLimit } from './fileLimit.js';
import { fleetPlan, startViewerFleet } from './viewerFleet.js';

test('a process per 500 viewers, at most 4, as even as possible', () => {
  assert.deepEqual(fleetPlan(5), [5]);
  assert.deepEqual(fleetPlan(500), [500]);
  assert.deepEqual(fleetPlan(501), [251, 250]);
  assert.deepEqual(fleetPlan(2000), [500, 500, 500, 500]);
  assert.deepEqual(fleetPlan(5001), [1251, 1250, 1250, 1250]);
});

test('open-file limits are read from /proc/<pid>/limits', () => {
  const limits =
    'Limit                     Soft Limit           Hard Limit           Units     \n' +
    'Max processes             unlimited            unlimited            processes \n' +
    'Max open files            1024                 unlimited            files     \n';
  assert.deepEqual(parseFileLimit(limits), { soft: 1024, hard: Number.POSITIVE_INFINITY });
  assert.ok(filesNeededFor(5000) > 12_000, 'the issue: 5,000 sockets need more than 12,000');
});

test('a fleet of raw viewers in two processes sees a typed key, bytes and pids included', async () => {
  const tmux = await startTmuxServer(['cat']);
  const { pty, client: writer } = attachRaw(tmux.socket, false);
  try {
    await waitUntil('the writer screen', () => writer.bytes > 0);
    const fleet = await startViewerFleet({ kind: 'raw', socket: tmux.socket }, [2, 1]);
    try {
      assert.equal(fleet.processPids.length, 2);
      assert.equal(fleet.clientPids.length, 3);
      const before = await fleet.bytes();
      assert.equal(before.length, 3);
      const [sample] = await timeKeystrokes(writer, fleet.watch, 1, '\r');
      assert.ok(sample !== undefined && sample >= 0 && sample < 30_000, String(sample));
      const after = await fleet.bytes();
      assert.ok(after.every((bytes, i) => bytes > before[i]!));
    } finally {
      await fleet.close();
    }
  } finally {
    pty.kill();
    await tmux.stop();
  }
});
