import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScreenHost } from './screenHost.js';
import { ScreenModel } from './screenModel.js';

/** Polls `probe` until it holds; the test runner's own timeout bounds it. */
async function waitFor(_what: string, probe: () => boolean): Promise<void> {
  while (!probe()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** ESC, which starts the cursor move looked for. */
const ESC = String.fromCharCode(0x1b);

const text = async (model: ScreenModel) => (await model.snapshot())?.bytes.toString() ?? '(none)';

test('models share one worker, which ends with the last of them', async () => {
  const before = ScreenModel.live;
  const one = new ScreenModel(20, 4);
  const two = new ScreenModel(20, 4);
  const host = ScreenHost.running;
  assert.ok(host?.thread, 'a worker thread');
  assert.equal(ScreenModel.live - before, 2);
  one.write(Buffer.from('left'));
  two.write(Buffer.from('right'));
  assert.match(await text(one), /left/);
  assert.doesNotMatch(await text(one), /right/);
  assert.match(await text(two), /right/);
  const thread = host.thread;
  let exited = false;
  thread.once('exit', () => (exited = true));
  one.dispose();
  assert.equal(ScreenHost.running, host);
  two.dispose();
  two.dispose();
  assert.equal(ScreenModel.live, before);
  assert.equal(ScreenHost.running, undefined);
  await waitFor('the worker to end', () => exited);
  assert.equal(await two.snapshot(), undefined);
});

test('a resize is told to the worker in order, and read back at once', async () => {
  const model = new ScreenModel(20, 4);
  model.write(Buffer.from('x'));
  model.resize(30, 6);
  assert.deepEqual([model.cols, model.rows], [30, 6]);
  model.write(Buffer.from('\x1b[6;25Hc'));
  // Drawn at the new size (at 20x4 the move would stop at row 4, column 20).
  assert.ok((await text(model)).includes(`${ESC}[6;26H`));
  model.dispose();
});

for (const [how, end] of [
  ['ends', (worker: NonNullable<ScreenHost['thread']>) => void worker.terminate()],
  ['crashes', (worker: NonNullable<ScreenHost['thread']>) => worker.postMessage({ type: 'bogus' })],
] as const) {
  test(`a worker that ${how} is started again, and its models are told`, async () => {
    const model = new ScreenModel(20, 4);
    let lost = 0;
    model.onLost(() => (lost += 1));
    model.write(Buffer.from('before'));
    assert.match(await text(model), /before/);
    const host = ScreenHost.running!;
    const restarts = host.restartCount;
    const first = host.thread!;
    const asked = model.snapshot();
    end(first);
    // Answered by the first worker, or (lost with it) undefined: never left hanging.
    await asked;
    await waitFor('a new worker', () => host.restartCount === restarts + 1 && lost === 1);
    assert.notEqual(host.thread, first);
    // Created again, empty, at its size: what comes next is parsed as before.
    model.write(Buffer.from('after'));
    const snapshot = await text(model);
    assert.match(snapshot, /after/);
    assert.doesNotMatch(snapshot, /before/);
    model.dispose();
  });
}

test('a model disposed while its snapshot is asked for lets the worker go idle', async () => {
  const kept = new ScreenModel(10, 2);
  const gone = new ScreenModel(10, 2);
  const asked = gone.snapshot();
  gone.dispose();
  assert.equal(await asked, undefined);
  // The worker answered that request too: nothing is left awaited, the worker no longer holds
  // node up, and the kept model still works.
  assert.ok((await text(kept)).startsWith(String.fromCharCode(0x18)));
  await waitFor('no snapshot awaited', () => ScreenHost.running?.awaitedCount === 0);
  kept.dispose();
});

test('a worker that crashes again soon after is started again, after a pause', async () => {
  const model = new ScreenModel(20, 4);
  let lost = 0;
  model.onLost(() => (lost += 1));
  const host = ScreenHost.running!;
  for (let crash = 1; crash <= 2; crash += 1) {
    host.thread!.postMessage({ type: 'bogus' });
    await waitFor(`restart ${crash}`, () => host.restartCount === crash && lost === crash);
    model.write(Buffer.from(`after crash ${crash}`));
    assert.match(await text(model), new RegExp(`after crash ${crash}`));
  }
  model.dispose();
});

test('with no thread to be had, the screens are kept on this one and still answer', async () => {
  const problems: string[] = [];
  const listening = ScreenHost.onProblem((problem) => problems.push(problem.kind));
  const starter = ScreenHost.startWorkersWith(() => {
    throw new Error('ERR_WORKER_INIT_FAILED (from a test)');
  });
  try {
    const model = new ScreenModel(20, 4);
    model.write(Buffer.from('kept here'));
    assert.equal(ScreenHost.running?.thread, undefined);
    assert.match(await text(model), /kept here/);
    model.resize(30, 6);
    model.write(Buffer.from('\x1b[6;25Hc'));
    assert.ok((await text(model)).includes(`${ESC}[6;26H`));
    assert.deepEqual(problems, ['unavailable']);
    model.dispose();
    assert.equal(ScreenHost.running, undefined);
  } finally {
    starter.dispose();
    listening.dispose();
  }
});
