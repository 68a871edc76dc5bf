import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AsyncDisposableStore,
  DisposableStore,
  Emitter,
  MutableDisposable,
  toDisposable,
} from './lifecycle.js';

function recorder() {
  const log: string[] = [];
  const item = (name: string) => toDisposable(() => log.push(name));
  return { log, item };
}

describe('toDisposable', () => {
  it('runs its function once, however often it is disposed', () => {
    let runs = 0;
    const disposable = toDisposable(() => (runs += 1));
    disposable.dispose();
    disposable.dispose();
    assert.equal(runs, 1);
  });
});

describe('DisposableStore', () => {
  it('disposes in reverse order of registration, once', () => {
    const { log, item } = recorder();
    const store = new DisposableStore();
    store.add(item('first'));
    store.add(item('second'));
    store.add(item('third'));
    store.dispose();
    store.dispose();
    assert.deepEqual(log, ['third', 'second', 'first']);
    assert.equal(store.isDisposed, true);
  });

  it('disposes at once what is added after it was disposed', () => {
    const { log, item } = recorder();
    const store = new DisposableStore();
    store.dispose();
    store.add(item('late'));
    assert.deepEqual(log, ['late']);
  });

  it('disposes everything even when one throws, then rethrows the first error', () => {
    const { log, item } = recorder();
    const store = new DisposableStore();
    store.add(item('a'));
    store.add(
      toDisposable(() => {
        throw new Error('b failed');
      }),
    );
    store.add(
      toDisposable(() => {
        throw new Error('c failed');
      }),
    );
    assert.throws(() => store.dispose(), /c failed/);
    assert.deepEqual(log, ['a']);
  });
});

describe('MutableDisposable', () => {
  it('disposes the old value when a new one is set, and its value when disposed', () => {
    const { log, item } = recorder();
    const slot = new MutableDisposable();
    const one = item('one');
    slot.value = one;
    slot.value = one;
    assert.deepEqual(log, [], 'the same value again is kept');
    slot.value = item('two');
    assert.deepEqual(log, ['one']);
    slot.dispose();
    assert.deepEqual(log, ['one', 'two']);
    slot.value = item('after');
    assert.deepEqual(log, ['one', 'two', 'after'], 'a value set after dispose is disposed');
    assert.equal(slot.value, undefined);
  });

  it('hands its value over without disposing it on clear', () => {
    const { log, item } = recorder();
    const slot = new MutableDisposable();
    const kept = item('kept');
    slot.value = kept;
    assert.equal(slot.clear(), kept);
    slot.dispose();
    assert.deepEqual(log, []);
  });
});

describe('Emitter', () => {
  it('calls every listener with the value until it unsubscribes', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const a = emitter.event((n) => seen.push(`a${n}`));
    emitter.event((n) => seen.push(`b${n}`));
    emitter.fire(1);
    a.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, ['a1', 'b1', 'b2']);
    assert.equal(emitter.listenerCount, 1);
  });

  it('counts the same function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<void>();
    let calls = 0;
    const listener = () => (calls += 1);
    const first = emitter.event(listener);
    emitter.event(listener);
    emitter.fire();
    first.dispose();
    emitter.fire();
    assert.equal(calls, 3);
  });

  it('calls the others when one listener throws, then rethrows', () => {
    const emitter = new Emitter<void>();
    let reached = false;
    emitter.event(() => {
      throw new Error('listener failed');
    });
    emitter.event(() => {
      reached = true;
    });
    assert.throws(() => emitter.fire(), /listener failed/);
    assert.equal(reached, true);
  });

  it('applies subscriptions made while firing from the next fire, and has none once disposed', () => {
    const emitter = new Emitter<void>();
    let late = 0;
    emitter.event(() => {
      emitter.event(() => (late += 1));
    });
    emitter.fire();
    assert.equal(late, 0);
    emitter.fire();
    assert.equal(late, 1);
    emitter.dispose();
    emitter.event(() => (late += 100));
    emitter.fire();
    assert.equal(emitter.listenerCount, 0);
    assert.equal(late, 1);
  });
});

describe('AsyncDisposableStore', () => {
  it('disposes in reverse order, each after the one before has finished, once', async () => {
    const log: string[] = [];
    const slow = (name: string) => ({
      dispose: async () => {
        log.push(`${name} begins`);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(`${name} ends`);
      },
    });
    const store = new AsyncDisposableStore();
    store.add(slow('first'));
    store.add(toDisposable(() => log.push('second')));
    store.add(slow('third'));
    const disposal = store.dispose();
    assert.equal(store.dispose(), disposal);
    await disposal;
    assert.deepEqual(log, ['third begins', 'third ends', 'second', 'first begins', 'first ends']);
    assert.equal(store.isDisposed, true);
  });

  it('disposes every item when one fails and rejects with the first error', async () => {
    const log: string[] = [];
    const store = new AsyncDisposableStore();
    store.add(toDisposable(() => log.push('first')));
    store.add({
      dispose: () => Promise.reject(new Error('second failed')),
    });
    store.add({
      dispose: () => {
        throw new Error('third failed');
      },
    });
    await assert.rejects(store.dispose(), /third failed/);
    assert.deepEqual(log, ['first']);
  });

  it('disposes what is added after dispose() began, and dispose() waits for it', async () => {
    const log: string[] = [];
    const store = new AsyncDisposableStore();
    store.add(toDisposable(() => log.push('first')));
    void store.dispose();
    store.add(toDisposable(() => log.push('late')));
    await store.dispose();
    assert.deepEqual(log, ['first', 'late']);
  });
});
