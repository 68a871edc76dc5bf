// The history view's keys and wheel: Esc leaves, Ctrl+C / Cmd+C copies a selection, Ctrl+F finds,
// the paging keys scroll, and the wheel past the bottom goes back to live. Nothing typed here
// reaches the session.

import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import type { Terminal } from '@xterm/xterm';
import type { HistoryTerminal } from './historyTerminal.js';

/**
 * The wheel leaves the view only once its bottom has been reached this long ago: the same flick
 * that scrolls down to the bottom does not also close the view.
 */
const BOTTOM_SETTLE_MS = 400;

/** Nothing is typed into history, so the paging keys scroll it (as Shift+PageUp does anyway). */
const SCROLL_KEYS: Partial<Record<string, (term: Terminal) => void>> = {
  PageUp: (term) => term.scrollPages(-1),
  PageDown: (term) => term.scrollPages(1),
  Home: (term) => term.scrollToTop(),
  End: (term) => term.scrollToBottom(),
};

export interface InputActions {
  close: () => void;
  copy: () => void;
  /** The view may have scrolled (wheel, keys, a drag of the scrollbar). */
  scrolled: () => void;
  findField: () => void;
}

export function bindHistoryInput(
  view: HistoryTerminal,
  element: HTMLElement,
  actions: InputActions,
): Disposable {
  const store = new DisposableStore();
  const term = view.term;
  let bottomSince = Date.now();
  let bound = true;
  store.add(toDisposable(() => (bound = false)));
  const noteScroll = () => {
    if (!bound) return;
    if (!view.atBottom()) bottomSince = Number.POSITIVE_INFINITY;
    else if (bottomSince === Number.POSITIVE_INFINITY) bottomSince = Date.now();
    actions.scrolled();
  };
  store.add(term.onScroll(noteScroll));
  term.attachCustomWheelEventHandler((event) => {
    if (event.deltaY > 0 && view.atBottom() && Date.now() - bottomSince >= BOTTOM_SETTLE_MS) {
      actions.close();
      return false;
    }
    requestAnimationFrame(noteScroll);
    return true;
  });
  term.attachCustomKeyEventHandler((event) => {
    // Esc is the view's (the listener on the view closes it), not the terminal's.
    if (event.key === 'Escape') return false;
    if (event.type !== 'keydown') return true;
    const modifier = event.ctrlKey || event.metaKey;
    if (modifier && event.key.toLowerCase() === 'c' && term.hasSelection()) {
      actions.copy();
      event.preventDefault();
      return false;
    }
    const move = SCROLL_KEYS[event.key];
    if (move !== undefined && !modifier) {
      move(term);
      requestAnimationFrame(noteScroll);
      return false;
    }
    if (modifier && event.key.toLowerCase() === 'f') {
      actions.findField();
      event.preventDefault();
      return false;
    }
    requestAnimationFrame(noteScroll);
    return true;
  });
  // Esc from anywhere in the view, the search field included.
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    actions.close();
  };
  element.addEventListener('keydown', onKey);
  store.add(toDisposable(() => element.removeEventListener('keydown', onKey)));
  return store;
}
