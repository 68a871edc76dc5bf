// What opens the history view from the live terminal: the wheel up or a swipe down over it, and
// Shift+PageUp. The wheel and swipe are the page's only when tmux is not tracking the mouse.

import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';

/** A finger dragged down this far over the terminal is a swipe back through history. */
const SWIPE_PX = 40;

export interface TriggerOptions {
  /** The element the live terminal is in. */
  host: HTMLElement;
  /** Whether the wheel and swipes open history now (not while open, not when tmux wants them). */
  mayOpen: () => boolean;
  open: () => void;
}

/** Listens in the capture phase, before xterm.js turns the wheel into keys or mouse reports. */
export function bindHistoryTriggers(options: TriggerOptions): Disposable {
  const { host } = options;
  const store = new DisposableStore();
  const listen = <K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (event: HTMLElementEventMap[K]) => void,
  ) => {
    host.addEventListener(type, listener, { capture: true, passive: false });
    store.add(toDisposable(() => host.removeEventListener(type, listener, { capture: true })));
  };
  const take = (event: Event) => {
    event.preventDefault();
    event.stopPropagation();
    options.open();
  };
  listen('wheel', (event) => {
    if (event.deltaY < 0 && options.mayOpen()) take(event);
  });
  let touchStartY: number | undefined;
  listen('touchstart', (event) => {
    touchStartY = event.touches.length === 1 ? event.touches[0]?.clientY : undefined;
  });
  listen('touchmove', (event) => {
    const y = event.touches[0]?.clientY;
    if (touchStartY === undefined || y === undefined || y - touchStartY < SWIPE_PX) return;
    touchStartY = undefined;
    if (options.mayOpen()) take(event);
  });
  return store;
}

/** Shift+PageUp, the terminal's own "scroll back" key. */
export function isHistoryKey(event: KeyboardEvent): boolean {
  return event.type === 'keydown' && event.shiftKey && event.key === 'PageUp';
}
