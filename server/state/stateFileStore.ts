// One writer per state file: saves are queued, coalesced to the newest state, and written one at
// a time (each atomically, temp file + rename), so an older snapshot never lands after a newer one.

import { join } from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from './atomicFile.js';
import { readJsonStateFile } from './jsonStateFile.js';

/** Every state file is private to the gateway's Unix user. */
export const STATE_FILE_MODE = 0o600;

export type FileWriter = (path: string, data: string, mode: number) => Promise<void>;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export class StateFileStore<T> {
  /** The newest state asked for and not yet being written. */
  private next: (() => T) | undefined;
  /** Callers whose state is in `next`: they resolve once it (or a newer one) is durable. */
  private waiting: Waiter[] = [];
  private writing = false;

  /**
   * `expected` names the content for a corrupt-file error ("a list of share links").
   * `write` is writeFileAtomic except in tests that need to slow or fail one write.
   */
  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly expected: string,
    private readonly write: FileWriter = writeFileAtomic,
  ) {}

  static in<T>(
    stateDir: string,
    file: string,
    schema: z.ZodType<T>,
    expected: string,
  ): StateFileStore<T> {
    return new StateFileStore(join(stateDir, file), schema, expected);
  }

  /** The stored state; undefined when the file does not exist yet. */
  load(): Promise<T | undefined> {
    return readJsonStateFile(this.path, this.schema, this.expected);
  }

  /**
   * Persists the state `snapshot` returns. It is called when this save's turn comes, so it must
   * read the live state (a later save's snapshot replaces an earlier one that has not started).
   * Resolves once a write that began after this call is on disk; rejects if that write failed
   * (the next save tries again: a failure never stops the queue).
   */
  save(snapshot: () => T): Promise<void> {
    this.next = snapshot;
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (!this.writing) void this.drain();
    return done;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.next) {
      const snapshot = this.next;
      const batch = this.waiting;
      this.next = undefined;
      this.waiting = [];
      try {
        await this.write(this.path, JSON.stringify(snapshot()), STATE_FILE_MODE);
        for (const waiter of batch) waiter.resolve();
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    this.writing = false;
  }
}
