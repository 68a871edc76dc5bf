// Unit tests for the history view's request queue: one task at a time, stale ones skipped.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SerialQueue } from './serialQueue.js';

describe('SerialQueue', () => {
  it('runs tasks one after another in order, even when an earlier one fails', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const first = queue.run(() => true, task('a', true));
    const second = queue.run(() => true, task('b'));
    assert.equal(queue.pending, 2);
    await assert.rejects(first, /a/);
    assert.equal(await second, 'b');
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b']);
    assert.equal(queue.pending, 0);
  });

  it('skips a task that is no longer current when its turn comes', async () => {
    const queue = new SerialQueue();
    let generation = 1;
    const first = queue.run(
      () => true,
      () => {
        generation = 2;
        return Promise.resolve('first');
      },
    );
    const stale = queue.run(
      () => generation === 1,
      () => Promise.resolve('stale'),
    );
    assert.equal(await first, 'first');
    assert.equal(await stale, undefined);
  });
});
