// The screen worker's side of its channel: every group's HeadlessScreen by id, fed by one ordered
// stream of requests, so that a snapshot describes exactly the bytes written before it was asked.
// It runs in the worker (screenWorker.ts), or in the gateway's own thread if no worker can start.

import { HeadlessScreen } from './headlessScreen.js';

/** What the gateway's thread asks of the screen worker, in order, over one channel. */
export type ScreenRequest =
  | { type: 'create'; id: number; cols: number; rows: number }
  | { type: 'write'; id: number; bytes: Uint8Array }
  | { type: 'resize'; id: number; cols: number; rows: number }
  | { type: 'snapshot'; id: number; request: number }
  | { type: 'dispose'; id: number };

/** What it answers: that it started, and each snapshot asked for. */
export type ScreenReply =
  { type: 'ready' } | { type: 'snapshot'; id: number; request: number; bytes: Uint8Array };

export class ScreenTable {
  private readonly screens = new Map<number, HeadlessScreen>();

  constructor(private readonly reply: (reply: ScreenReply) => void) {}

  get size(): number {
    return this.screens.size;
  }

  handle(request: ScreenRequest): void {
    switch (request.type) {
      case 'create':
        this.screens.get(request.id)?.dispose();
        this.screens.set(request.id, new HeadlessScreen(request.cols, request.rows));
        return;
      case 'write':
        this.screens.get(request.id)?.write(request.bytes);
        return;
      case 'resize':
        this.resize(request.id, request.cols, request.rows);
        return;
      case 'snapshot':
        this.snapshot(request.id, request.request);
        return;
      case 'dispose':
        this.screens.get(request.id)?.dispose();
        this.screens.delete(request.id);
        return;
      default:
        // Only the gateway talks to the worker: anything else is a bug, and ends the worker.
        throw new Error(`unknown screen request ${JSON.stringify(request)}`);
    }
  }

  dispose(): void {
    for (const screen of this.screens.values()) screen.dispose();
    this.screens.clear();
  }

  /** After what was written before it, not at once: bytes still queued were sent at the old size. */
  private resize(id: number, cols: number, rows: number): void {
    const screen = this.screens.get(id);
    screen?.whenParsed(() => {
      if (this.screens.get(id) === screen) screen.resize(cols, rows);
    });
  }

  /** Every request is answered (the host counts them): empty once the screen is disposed. */
  private snapshot(id: number, request: number): void {
    const screen = this.screens.get(id);
    if (!screen) return this.reply({ type: 'snapshot', id, request, bytes: new Uint8Array() });
    screen.whenParsed(() => {
      const current = this.screens.get(id) === screen;
      const bytes = current ? screen.snapshot() : new Uint8Array();
      this.reply({ type: 'snapshot', id, request, bytes });
    });
  }
}
