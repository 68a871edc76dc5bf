// Lifecycle primitives, after xterm.js's Lifecycle.ts and VS Code's: one verb, dispose(), for
// everything that owns a resource; a store that disposes what it holds in reverse order of
// registration (and one for teardowns that take time, awaited one after the other); a slot whose
// old value is disposed when it is replaced; a typed event emitter.

export interface Disposable {
  dispose(): void;
}

/** A Disposable from a function; calling dispose() more than once runs it once. */
export function toDisposable(dispose: () => void): Disposable {
  let disposed = false;
  return {
    dispose: () => {
      if (disposed) return;
      disposed = true;
      dispose();
    },
  };
}

/**
 * Holds disposables and disposes them together, the last registered first (teardown mirrors
 * start). Something added after the store was disposed is disposed at once: nothing leaks.
 * Every disposable is disposed even when one of them throws; the first error is rethrown.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    let failure: { error: unknown } | undefined;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

/** Something whose release may take time (a server that closes, a file that flushes). */
export interface AsyncDisposable {
  dispose(): void | Promise<void>;
}

/**
 * A DisposableStore for teardowns that take time: disposes the last registered first, waiting
 * for each before the next, so that teardown mirrors start. dispose() returns the same promise
 * however often it is called. Every item is disposed even when one fails; the first error is
 * rethrown. Something added after dispose() began is disposed once the others are done.
 */
export class AsyncDisposableStore implements AsyncDisposable {
  private readonly items: AsyncDisposable[] = [];
  private disposal: Promise<void> | undefined;

  get isDisposed(): boolean {
    return this.disposal !== undefined;
  }

  add<T extends AsyncDisposable>(item: T): T {
    if (!this.disposal) {
      this.items.push(item);
      return item;
    }
    this.disposal = this.disposal.finally(() => disposeInTurn([item]));
    // Whoever awaits dispose() again sees a failure; nobody awaiting it is no unhandled rejection.
    this.disposal.catch(() => undefined);
    return item;
  }

  dispose(): Promise<void> {
    this.disposal ??= disposeInTurn(this.items.splice(0).reverse());
    return this.disposal;
  }
}

async function disposeInTurn(items: readonly AsyncDisposable[]): Promise<void> {
  let failure: { error: unknown } | undefined;
  for (const item of items) {
    try {
      await item.dispose();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

/** One slot: setting a new value disposes the old one; disposing the slot disposes its value. */
export class MutableDisposable<T extends Disposable> implements Disposable {
  private current: T | undefined;
  private disposed = false;

  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (this.disposed) {
      next?.dispose();
      return;
    }
    if (next === this.current) return;
    const previous = this.current;
    this.current = next;
    previous?.dispose();
  }

  /** Takes the value out without disposing it. */
  clear(): T | undefined {
    const value = this.current;
    this.current = undefined;
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const value = this.current;
    this.current = undefined;
    value?.dispose();
  }
}

/** A listener subscription: `event(listener)` returns what unsubscribes it. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/**
 * A typed event with any number of listeners. A listener added or removed while firing takes
 * effect from the next fire; a listener that throws does not keep the others from being called
 * (its error is rethrown after all have run).
 */
export class Emitter<T> implements Disposable {
  /**
   * Replaced, never changed in place, when a listener comes or goes: fire (on the output path,
   * once per chunk) walks the array it started with and copies nothing.
   */
  private listeners: ReadonlyArray<(value: T) => void> = [];
  private disposed = false;

  readonly event: Event<T> = (listener) => {
    if (this.disposed) return toDisposable(() => undefined);
    // A wrapper per subscription: the same function subscribed twice is two subscriptions.
    const subscription = (value: T) => listener(value);
    this.listeners = [...this.listeners, subscription];
    return toDisposable(() => {
      this.listeners = this.listeners.filter((each) => each !== subscription);
    });
  };

  get listenerCount(): number {
    return this.listeners.length;
  }

  fire(value: T): void {
    let failure: { error: unknown } | undefined;
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
