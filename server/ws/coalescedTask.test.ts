// Unit tests for CoalescedTask: many requests, one run; never two runs at once; none lost.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualTimers } from '../../shared/timers.js';
import { CoalescedTask } from './coalescedTask.js';

const DELAY = { quietMs: 10, maxWaitMs: 50 };

/** Lets promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup() {
  const timers = new ManualTimers();
  const errors: unknown[] = [];
  const state = { runs: 0, running: 0, maxRunning: 0 };
  let finishRun: (() => void) | undefined;
  let blocking = false;
  const task = new CoalescedTask(
    async () => {
      state.runs += 1;
      state.running += 1;
      state.maxRunning = Math.max(state.maxRunning, state.running);
      if (blocking) await new Promise<void>((resolve) => (finishRun = resolve));
      state.running -= 1;
    },
    (error) => errors.push(error),
    timers,
  );
  const block = (on: boolean) => (blocking = on);
  const finish = async () => {
    finishRun?.();
    finishRun = undefined;
    await settle();
  };
  return { task, timers, state, errors, block, finish };
}

describe('CoalescedTask', () => {
  it('runs once for a burst of requests, once they have gone quiet', async () => {
    const { task, timers, state } = setup();
    for (let i = 0; i < 5; i += 1) {
      task.request(DELAY);
      timers.advance(2);
    }
    assert.equal(state.runs, 0, 'still coming');
    timers.advance(DELAY.quietMs);
    await settle();
    assert.equal(state.runs, 1);
    assert.equal(timers.armed, 0, 'nothing left to fire');
  });

  it('runs at the latest after maxWaitMs when requests never stop', async () => {
    const { task, timers, state } = setup();
    for (let ms = 0; ms < DELAY.maxWaitMs; ms += 5) {
      task.request(DELAY);
      timers.advance(5);
    }
    await settle();
    assert.equal(state.runs, 1);
  });

  it('serves a request made during a run with a run after it, never beside it', async () => {
    const { task, timers, state, block, finish } = setup();
    block(true);
    task.request(DELAY);
    timers.advance(DELAY.quietMs);
    await settle();
    assert.equal(state.runs, 1);
    // A burst arrives while the first run is still going: nothing starts beside it…
    for (let i = 0; i < 20; i += 1) {
      task.request(DELAY);
      timers.advance(3);
    }
    timers.advance(DELAY.maxWaitMs);
    await settle();
    assert.equal(state.runs, 1);
    block(false);
    // …and exactly one more run follows it.
    await finish();
    await settle();
    assert.equal(state.runs, 2);
    assert.equal(state.maxRunning, 1);
    timers.advance(DELAY.maxWaitMs);
    await settle();
    assert.equal(state.runs, 2);
  });

  it('runs nothing more once disposed', async () => {
    const { task, timers, state } = setup();
    task.request(DELAY);
    task.dispose();
    task.request(DELAY);
    timers.advance(DELAY.maxWaitMs);
    await settle();
    assert.equal(state.runs, 0);
    assert.equal(timers.armed, 0);
  });

  it('hands errors to onError and keeps serving requests', async () => {
    const timers = new ManualTimers();
    const errors: unknown[] = [];
    let runs = 0;
    const task = new CoalescedTask(
      () => {
        runs += 1;
        if (runs === 1) throw new Error('first run fails');
      },
      (error) => errors.push(error),
      timers,
    );
    task.request(DELAY);
    timers.advance(DELAY.quietMs);
    await settle();
    task.request(DELAY);
    timers.advance(DELAY.quietMs);
    await settle();
    assert.equal(runs, 2);
    assert.equal(errors.length, 1);
  });
});
