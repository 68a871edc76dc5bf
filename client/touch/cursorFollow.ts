// Keeps the cursor in view while a viewer's terminal is larger than its page (the readable fit):
// after each cursor move the host pans as little as it can, unless the user panned recently.

import type { Terminal } from '@xterm/xterm';
import type { Disposable } from '../../shared/lifecycle.js';
import { followCursor, panRange } from '../logic/fontFit.js';

/** After the user pans, the view stays where they put it for this long (ms). */
const PAN_HOLD_MS = 5_000;

/** Room kept around the cursor, in cells: enough to see what is typed next to it. */
const CURSOR_MARGIN_CELLS = 4;

export interface CursorFollower extends Disposable {
  /** The user panned: hold the view for a while. */
  panned(): void;
  /** Pan to the cursor now (after a refit), unless the user panned recently. */
  follow(): void;
}

export function followTheCursor(term: Terminal, host: HTMLElement): CursorFollower {
  let pannedAt = -Infinity;
  let frame: number | undefined;
  const follow = (): void => {
    if (Date.now() - pannedAt < PAN_HOLD_MS || host.childElementCount > 1) return;
    const screen = term.element?.querySelector<HTMLElement>('.xterm-screen');
    if (!screen || term.cols === 0 || term.rows === 0) return;
    const range = panRange(
      { width: host.scrollWidth, height: host.scrollHeight },
      { width: host.clientWidth, height: host.clientHeight },
    );
    if (range.width === 0 && range.height === 0) return;
    const buffer = term.buffer.active;
    const row = buffer.cursorY + buffer.baseY - buffer.viewportY;
    if (row < 0 || row >= term.rows) return;
    const cellWidth = screen.offsetWidth / term.cols;
    const cellHeight = screen.offsetHeight / term.rows;
    const screenBox = screen.getBoundingClientRect();
    const hostBox = host.getBoundingClientRect();
    const next = followCursor(
      { left: host.scrollLeft, top: host.scrollTop },
      {
        left: screenBox.left - hostBox.left + host.scrollLeft + buffer.cursorX * cellWidth,
        top: screenBox.top - hostBox.top + host.scrollTop + row * cellHeight,
        width: cellWidth,
        height: cellHeight,
      },
      { width: host.clientWidth, height: host.clientHeight },
      range,
      CURSOR_MARGIN_CELLS * cellWidth,
    );
    host.scrollLeft = next.left;
    host.scrollTop = next.top;
  };
  const schedule = (): void => {
    if (frame === undefined)
      frame = requestAnimationFrame(() => {
        frame = undefined;
        follow();
      });
  };
  const cursorMoves = term.onCursorMove(schedule);
  // Something laid over the terminal (the history view, at the host's inset 0) must be seen
  // where the host's start is: pan back there while it is open, and to the cursor after.
  const covers = new MutationObserver(() => {
    if (host.childElementCount > 1) host.scrollTo(0, 0);
    else schedule();
  });
  covers.observe(host, { childList: true });
  return {
    panned: () => {
      pannedAt = Date.now();
    },
    follow: schedule,
    dispose: () => {
      cursorMoves.dispose();
      covers.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
    },
  };
}
