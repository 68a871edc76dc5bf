// What every page render returns: the page's resources (listeners on window, timers, sockets,
// terminals), disposed together when the page goes. main.ts keeps it.

import { toDisposable, type Disposable } from '../../shared/lifecycle.js';

export type Page = Disposable;

/** A page that owns nothing but its elements (their own listeners go with them). */
export function elementsOnly(): Page {
  return toDisposable(() => undefined);
}
