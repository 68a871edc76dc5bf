// A viewer group's screen, as the gateway's thread sees it: bytes and snapshot requests go, in
// order, to the process's screen worker (screenHost.ts), which keeps the screen itself in a
// headless terminal (headlessScreen.ts). Writing costs one copy; parsing happens elsewhere, so the
// thread that reads the group's pty keeps reading at the pace tmux writes.
//
// Invariant (HeadlessScreen's): a fresh terminal that receives a snapshot and then every write
// after the snapshot's position ends up as a terminal that received every write.

import { Emitter, type Disposable, type Event } from '../../shared/lifecycle.js';
import { ScreenHost, type ScreenClient } from './screenHost.js';

/** A full screen, and how many of the model's writes it describes. */
export interface Snapshot {
  bytes: Buffer;
  position: number;
}

export class ScreenModel implements ScreenClient, Disposable {
  private static liveCount = 0;
  private readonly host = ScreenHost.get();
  private readonly id: number;
  private readonly snapshots = new Map<number, (snapshot: Snapshot | undefined) => void>();
  private writes = 0;
  private nextRequest = 1;
  private width: number;
  private height: number;
  private disposed = false;
  private readonly lost = new Emitter<void>();
  /**
   * The worker ended and this screen was created again, empty: the owner has tmux redraw its
   * client so that the screen (and every viewer) is whole again, and asks again for snapshots
   * that were not answered (they resolve undefined).
   */
  readonly onLost: Event<void> = this.lost.event;

  /** Models not yet disposed, in this process: each holds a headless terminal in the worker. */
  static get live(): number {
    return ScreenModel.liveCount;
  }

  constructor(cols: number, rows: number) {
    this.width = cols;
    this.height = rows;
    this.id = this.host.add(this);
    this.create();
    ScreenModel.liveCount += 1;
  }

  get cols(): number {
    return this.width;
  }

  get rows(): number {
    return this.height;
  }

  /** Returns the write's position: a snapshot at that position includes it. */
  write(frame: Buffer): number {
    if (this.disposed) return this.writes;
    this.writes += 1;
    // A frame of its own to move to the worker: the original goes on to the viewers.
    const bytes = new Uint8Array(frame);
    this.host.post({ type: 'write', id: this.id, bytes }, [bytes.buffer]);
    return this.writes;
  }

  /** Takes effect after every byte written before it. */
  resize(cols: number, rows: number): void {
    this.width = cols;
    this.height = rows;
    if (!this.disposed) this.host.post({ type: 'resize', id: this.id, cols, rows });
  }

  /**
   * Bytes that bring a browser's terminal, whatever its state, to the screen as it is after the
   * writes up to its position: every write before this call, and perhaps a few after it (until
   * the parser is between sequences). Undefined if the model was disposed or lost first.
   */
  snapshot(): Promise<Snapshot | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    const request = this.nextRequest;
    this.nextRequest += 1;
    this.host.post({ type: 'snapshot', id: this.id, request });
    return new Promise((resolve) => this.snapshots.set(request, resolve));
  }

  snapshotTaken(request: number, bytes: Buffer, position: number): void {
    const resolve = this.snapshots.get(request);
    this.snapshots.delete(request);
    resolve?.(this.disposed ? undefined : { bytes, position });
  }

  workerLost(): void {
    if (this.disposed) return;
    this.answerAll();
    this.create();
    this.lost.fire();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    ScreenModel.liveCount -= 1;
    this.host.post({ type: 'dispose', id: this.id });
    this.host.remove(this.id);
    this.answerAll();
    this.lost.dispose();
  }

  private create(): void {
    const { id, width: cols, height: rows, writes } = this;
    this.host.post({ type: 'create', id, cols, rows, writes });
  }

  private answerAll(): void {
    const pending = [...this.snapshots.values()];
    this.snapshots.clear();
    for (const resolve of pending) resolve(undefined);
  }
}
