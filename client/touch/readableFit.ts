// The readable fit's DOM side: raise a fitted font to the readable minimum (measuring the cells
// the renderer really draws), and mark the host pannable when the terminal overhangs it.

import type { Terminal } from '@xterm/xterm';
import {
  FONT_STEP,
  READABLE_CELL_HEIGHT,
  READABLE_FONT_SIZE,
  readableFontSize,
} from '../logic/fontFit.js';

/** Cell heights round to whole pixels: a second pass corrects the estimate; three are safe. */
const READABLE_PASSES = 3;

/** The height the renderer draws one row at, in CSS px (0 before it has measured). */
export function cellHeight(term: Terminal): number {
  const screen = term.element?.querySelector<HTMLElement>('.xterm-screen');
  return screen && term.rows > 0 ? screen.offsetHeight / term.rows : 0;
}

/**
 * Raises the terminal's font until it is at least READABLE_FONT_SIZE and its cells at least
 * READABLE_CELL_HEIGHT high; true when it had to (the window does not fit at the minimum).
 */
export function raiseToReadable(term: Terminal): boolean {
  let raised = false;
  for (let pass = 0; pass < READABLE_PASSES; pass++) {
    const fontSize = term.options.fontSize ?? READABLE_FONT_SIZE;
    const height = cellHeight(term);
    if (fontSize >= READABLE_FONT_SIZE && (height === 0 || height >= READABLE_CELL_HEIGHT)) break;
    term.options.fontSize = Math.max(fontSize + FONT_STEP, readableFontSize(fontSize, height));
    raised = true;
  }
  return raised;
}

/** Marks `host` pannable (it scrolls) exactly when its content is larger than it. */
export function markPannable(host: HTMLElement, term: Terminal): boolean {
  const screen = term.element?.querySelector<HTMLElement>('.xterm-screen');
  const style = getComputedStyle(host);
  const paddingX = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  const paddingY = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
  const pannable =
    screen !== null &&
    screen !== undefined &&
    (screen.offsetWidth + paddingX > host.clientWidth ||
      screen.offsetHeight + paddingY > host.clientHeight);
  host.classList.toggle('pannable', pannable);
  return pannable;
}
