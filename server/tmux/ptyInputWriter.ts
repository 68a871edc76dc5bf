// Input to a pty's master, written on the event loop's own thread so that no write can outlive
// the descriptor. node-pty's writer queues what the pty cannot take yet and retries it from the
// thread pool, even after the pty has closed: into whatever file, socket or other browser's pty
// has been given the descriptor's number by then.

import { writeSync } from 'node:fs';
import type { Disposable } from '../../shared/lifecycle.js';

/** How long a full pty is left to drain before the next try. */
const RETRY_MS = 1;

export class PtyInputWriter implements Disposable {
  private readonly queue: Buffer[] = [];
  private offset = 0;
  private retry: NodeJS.Timeout | undefined;

  /** `isOpen` says whether `fd` is still the pty's: checked before every write. */
  constructor(
    private readonly fd: number,
    private readonly isOpen: () => boolean,
  ) {}

  write(bytes: Buffer): void {
    if (bytes.length === 0 || !this.isOpen()) return;
    this.queue.push(bytes);
    if (this.queue.length === 1 && this.retry === undefined) this.flush();
  }

  /** Drops whatever the pty has not taken yet. */
  dispose(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    this.queue.length = 0;
    this.offset = 0;
  }

  private flush(): void {
    this.retry = undefined;
    while (this.queue.length > 0) {
      if (!this.isOpen()) return this.dispose();
      const chunk = this.queue[0]!;
      let written: number;
      try {
        written = writeSync(this.fd, chunk, this.offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.retry = setTimeout(() => this.flush(), RETRY_MS);
          return;
        }
        // EIO and the like: the client has gone, and its exit is on its way.
        return this.dispose();
      }
      this.offset += written;
      if (this.offset >= chunk.length) {
        this.queue.shift();
        this.offset = 0;
      }
    }
  }
}
