import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { FakeTmuxServer } from './fakeTmuxServer.js';
import { attachReply, guardArguments, type GuardProcess } from './guardClient.js';
import { controlArguments } from './localTmux.js';
import {
  GUARD_CLIENTS,
  GUARD_LINGER_MS,
  GUARD_REATTACH_BACKOFF_MS,
  MAX_GUARD_REATTACH_BACKOFF_MS,
  SizeGuard,
} from './sizeGuard.js';

/** A guard client whose attach and exit the test decides. */
class FakeGuard implements GuardProcess {
  readonly attached: Promise<void>;
  killed = false;
  exited = false;
  private listeners: Array<() => void> = [];
  private settle!: { resolve: () => void; reject: (error: Error) => void };

  constructor(readonly pid: number) {
    this.attached = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.attached.catch(() => undefined);
  }

  onExit(listener: () => void): void {
    this.listeners.push(listener);
  }

  kill(): void {
    this.killed = true;
    this.exit();
  }

  attach(): void {
    this.settle.resolve();
  }

  fail(): void {
    this.settle.reject(new Error("can't find session"));
    this.exit();
  }

  exit(): void {
    this.exited = true;
    for (const listener of this.listeners.splice(0)) listener();
  }
}

function fakeGuards() {
  const spawned: FakeGuard[] = [];
  let next = 1000;
  const spawn = () => {
    const guard = new FakeGuard((next += 1));
    spawned.push(guard);
    return guard;
  };
  return { spawned, spawn, live: () => spawned.filter((guard) => !guard.exited) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('guard client', () => {
  it('attaches in control mode, read-only, without output and without ignore-size', () => {
    const args = controlArguments('/tmp/s', guardArguments('main'));
    assert.deepEqual(args, [
      '-S',
      '/tmp/s',
      '-C',
      'attach-session',
      '-t',
      '=main',
      '-f',
      'read-only,no-output',
    ]);
  });

  it('reads the reply to its attach command', () => {
    assert.equal(attachReply('%begin 1796155895 264 0'), undefined);
    assert.equal(attachReply('%end 1796155895 264 0'), 'attached');
    assert.equal(attachReply('%error 1796156029 264 0'), 'failed');
    assert.equal(attachReply('%exit'), 'failed');
    assert.equal(attachReply("can't find session: nosuch"), undefined);
    assert.equal(attachReply('%endless'), undefined);
  });
});

describe('SizeGuard', () => {
  it('attaches its clients once for every holder, and resolves only when they are attached', async () => {
    const fakes = fakeGuards();
    const guard = new SizeGuard(new FakeTmuxServer('/s'), 'main', { spawn: fakes.spawn });
    let resolved = 0;
    const holds = [guard.hold(), guard.hold()].map((hold) => hold.then(() => (resolved += 1)));
    await tick();
    assert.equal(fakes.spawned.length, GUARD_CLIENTS);
    assert.equal(resolved, 0, 'not before tmux has attached them');
    for (const fake of fakes.spawned) fake.attach();
    await Promise.all(holds);
    assert.equal(resolved, 2);
    assert.deepEqual(
      guard.pids,
      fakes.spawned.map((fake) => fake.pid),
    );
  });

  it('ends its clients a while after the last holder lets go, not before', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const fakes = fakeGuards();
      const guard = new SizeGuard(new FakeTmuxServer('/s'), 'main', { spawn: fakes.spawn });
      const holding = guard.hold();
      for (const fake of fakes.spawned) fake.attach();
      const release = await holding;
      const second = guard.hold();
      const releaseSecond = await second;
      release();
      release(); // a second call does nothing
      mock.timers.tick(GUARD_LINGER_MS);
      assert.equal(fakes.live().length, GUARD_CLIENTS, 'still held by the second');
      releaseSecond();
      mock.timers.tick(GUARD_LINGER_MS - 1);
      assert.equal(fakes.live().length, GUARD_CLIENTS, 'lingering');
      // Held again while lingering: the same clients serve.
      const again = await guard.hold();
      mock.timers.tick(GUARD_LINGER_MS);
      assert.equal(fakes.spawned.length, GUARD_CLIENTS);
      again();
      mock.timers.tick(GUARD_LINGER_MS);
      assert.equal(fakes.live().length, 0);
      assert.deepEqual(guard.pids, []);
    } finally {
      mock.timers.reset();
    }
  });

  it('attaches a client again when it leaves while held, backing off while attaching fails', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const fakes = fakeGuards();
      const guard = new SizeGuard(new FakeTmuxServer('/s'), 'main', { spawn: fakes.spawn });
      const holding = guard.hold();
      for (const fake of fakes.spawned) fake.attach();
      const release = await holding;

      fakes.spawned[0]!.exit(); // someone ran detach-client on it
      assert.equal(fakes.spawned.length, GUARD_CLIENTS, 'not at once');
      mock.timers.tick(GUARD_REATTACH_BACKOFF_MS);
      assert.equal(fakes.spawned.length, GUARD_CLIENTS + 1);

      // The session is gone: every try fails, each after twice the wait of the one before.
      let wait = GUARD_REATTACH_BACKOFF_MS;
      for (let attempt = 0; attempt < 10; attempt += 1) {
        fakes.spawned.at(-1)!.fail();
        await tick();
        wait = Math.min(wait * 2, MAX_GUARD_REATTACH_BACKOFF_MS);
        const before: number = fakes.spawned.length;
        mock.timers.tick(wait - 1);
        assert.equal(fakes.spawned.length, before, `no try before ${wait} ms`);
        mock.timers.tick(1);
        assert.equal(fakes.spawned.length, before + 1);
      }

      release();
      mock.timers.tick(GUARD_LINGER_MS);
      fakes.spawned.at(-1)!.fail();
      mock.timers.tick(MAX_GUARD_REATTACH_BACKOFF_MS);
      const count = fakes.spawned.length;
      mock.timers.tick(MAX_GUARD_REATTACH_BACKOFF_MS * 3);
      assert.equal(fakes.spawned.length, count, 'no tries once nobody holds it');
      assert.equal(fakes.live().length, 0);
    } finally {
      mock.timers.reset();
    }
  });

  it('fails a hold, holding nothing, when its clients cannot attach', async () => {
    const fakes = fakeGuards();
    const guard = new SizeGuard(new FakeTmuxServer('/s'), 'main', {
      spawn: fakes.spawn,
      lingerMs: 0,
    });
    const holding = guard.hold();
    fakes.spawned[0]!.fail();
    await assert.rejects(holding, /could not attach/);
    assert.equal(guard.holders, 0);
  });

  it('ends everything on dispose and refuses new holds', async () => {
    const fakes = fakeGuards();
    const guard = new SizeGuard(new FakeTmuxServer('/s'), 'main', { spawn: fakes.spawn });
    const holding = guard.hold();
    for (const fake of fakes.spawned) fake.attach();
    await holding;
    guard.dispose();
    assert.equal(fakes.live().length, 0);
    await assert.rejects(guard.hold(), /disposed/);
  });
});
