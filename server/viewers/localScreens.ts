// Screens kept on the gateway's own thread, for when no worker can start. The parser (xterm.js)
// is loaded only then: a gateway whose worker runs never holds a second copy of it (~10 MB of
// resident memory) on its main thread. Requests made while it loads are handled, in order, after.

import type { ScreenReply, ScreenRequest, ScreenTable } from './screenTable.js';

export class LocalScreens {
  private table: ScreenTable | undefined;
  private queued: ScreenRequest[] = [];
  private disposed = false;

  constructor(reply: (reply: ScreenReply) => void, failed: (error: unknown) => void) {
    import('./screenTable.js').then(
      ({ ScreenTable }) => {
        if (this.disposed) return;
        const table = new ScreenTable(reply);
        this.table = table;
        for (const request of this.queued) table.handle(request);
        this.queued = [];
      },
      (error: unknown) => failed(error),
    );
  }

  handle(request: ScreenRequest): void {
    if (this.disposed) return;
    if (this.table) this.table.handle(request);
    else this.queued.push(request);
  }

  dispose(): void {
    this.disposed = true;
    this.queued = [];
    this.table?.dispose();
  }
}
