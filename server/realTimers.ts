// The process's own timers behind the Timers interface (shared/ cannot name Node's or the DOM's).

import type { Timers } from '../shared/timers.js';

export const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
