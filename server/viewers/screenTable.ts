// The screen worker's side of its channel: every group's HeadlessScreen by id, fed by one ordered
// stream of requests. A snapshot names the write it follows: the first one, at or after the
// request, after which the parser is at rest (a pty read can end inside an escape sequence).
// It runs in the worker (screenWorker.ts), or in the gateway's own thread if no worker can start.

import { HeadlessScreen } from './headlessScreen.js';

/** What the gateway's thread asks of the screen worker, in order, over one channel. */
export type ScreenRequest =
  /** `writes`: how many writes the gateway's side has counted before this one (a re-creation). */
  | { type: 'create'; id: number; cols: number; rows: number; writes: number }
  | { type: 'write'; id: number; bytes: Uint8Array }
  | { type: 'resize'; id: number; cols: number; rows: number }
  | { type: 'snapshot'; id: number; request: number }
  | { type: 'dispose'; id: number };

/**
 * What it answers: that it started, and each snapshot asked for, with `position`, the number of
 * writes it describes (as the gateway's side counts them); empty once the screen is disposed.
 */
export type ScreenReply =
  | { type: 'ready' }
  | { type: 'snapshot'; id: number; request: number; position: number; bytes: Uint8Array };

interface Entry {
  screen: HeadlessScreen;
  writes: number;
  /** Snapshots not yet taken, and the position each was asked at (it is taken there or later). */
  waiting: { request: number; from: number }[];
}

export class ScreenTable {
  private readonly screens = new Map<number, Entry>();

  constructor(private readonly reply: (reply: ScreenReply) => void) {}

  get size(): number {
    return this.screens.size;
  }

  handle(request: ScreenRequest): void {
    switch (request.type) {
      case 'create':
        this.screens.get(request.id)?.screen.dispose();
        this.screens.set(request.id, {
          screen: new HeadlessScreen(request.cols, request.rows),
          writes: request.writes,
          waiting: [],
        });
        return;
      case 'write':
        this.write(request.id, request.bytes);
        return;
      case 'resize':
        this.resize(request.id, request.cols, request.rows);
        return;
      case 'snapshot':
        this.snapshot(request.id, request.request);
        return;
      case 'dispose':
        this.disposeScreen(request.id);
        return;
      default:
        // Only the gateway talks to the worker: anything else is a bug, and ends the worker.
        throw new Error(`unknown screen request ${JSON.stringify(request)}`);
    }
  }

  dispose(): void {
    for (const id of [...this.screens.keys()]) this.disposeScreen(id);
  }

  private write(id: number, bytes: Uint8Array): void {
    const entry = this.screens.get(id);
    if (!entry) return;
    entry.screen.write(bytes);
    entry.writes += 1;
    if (entry.waiting.length > 0) this.takeWhenAtRest(id, entry, entry.writes);
  }

  /** After what was written before it, not at once: bytes still queued were sent at the old size. */
  private resize(id: number, cols: number, rows: number): void {
    const entry = this.screens.get(id);
    entry?.screen.whenParsed(() => {
      if (this.screens.get(id) === entry) entry.screen.resize(cols, rows);
    });
  }

  /** Every request is answered (the host counts them): empty once the screen is disposed. */
  private snapshot(id: number, request: number): void {
    const entry = this.screens.get(id);
    if (!entry) return this.answer(id, request, 0, new Uint8Array());
    entry.waiting.push({ request, from: entry.writes });
    this.takeWhenAtRest(id, entry, entry.writes);
  }

  /**
   * Once the writes up to `position` are parsed, and if the parser is at rest then: the snapshots
   * asked for at or before it. Those still waiting are tried again after the next write.
   */
  private takeWhenAtRest(id: number, entry: Entry, position: number): void {
    entry.screen.whenParsed(() => {
      if (this.screens.get(id) !== entry || !entry.screen.atRest) return;
      const due = entry.waiting.filter((each) => each.from <= position);
      if (due.length === 0) return;
      entry.waiting = entry.waiting.filter((each) => each.from > position);
      const bytes = entry.screen.snapshot();
      for (const { request } of due) this.answer(id, request, position, bytes);
    });
  }

  private disposeScreen(id: number): void {
    const entry = this.screens.get(id);
    if (!entry) return;
    this.screens.delete(id);
    entry.screen.dispose();
    for (const { request } of entry.waiting) this.answer(id, request, 0, new Uint8Array());
  }

  private answer(id: number, request: number, position: number, bytes: Uint8Array): void {
    this.reply({ type: 'snapshot', id, request, position, bytes });
  }
}
