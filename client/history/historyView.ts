// The history view of the terminal page: an overlay over the live terminal, opened and closed as
// one HistoryReader at a time. The live terminal keeps running underneath and is sent nothing.

import { MutableDisposable, type Disposable } from '../../shared/lifecycle.js';
import type { HistoryState } from '../terminal/testHook.js';
import { HistoryReader } from './historyReader.js';
import { createHistorySource } from './historySource.js';
import { realTimers } from '../logic/realTimers.js';

export interface HistoryView extends Disposable {
  readonly isOpen: boolean;
  /** Whether this client may open history (the gateway's hello says); false closes the view. */
  setAvailable(available: boolean): void;
  readonly available: boolean;
  /** Opens the view (if available), focused, at the bottom of a new snapshot. */
  open(): void;
  close(): void;
  /** The live terminal got output: an open view asks for the newer lines, now and then. */
  liveOutput(): void;
  /** For the test hook: undefined while closed. */
  state(): HistoryState | undefined;
}

export interface HistoryViewOptions {
  session: string;
  /** The live terminal's container: the overlay covers it. */
  container: HTMLElement;
  /** The live terminal's font size now: the history view opens with the same. */
  fontSize: () => number;
  /** The view closed: the keyboard goes back to the live terminal. */
  closed: () => void;
}

export function createHistoryView(options: HistoryViewOptions): HistoryView {
  const source = createHistorySource(options.session);
  const reader = new MutableDisposable<HistoryReader>();
  let available = false;
  const close = () => {
    if (reader.value === undefined) return;
    reader.value = undefined;
    options.closed();
  };
  return {
    get isOpen() {
      return reader.value !== undefined;
    },
    get available() {
      return available;
    },
    setAvailable(value) {
      available = value;
      if (!value) close();
    },
    open() {
      if (!available) return;
      if (reader.value === undefined) {
        reader.value = new HistoryReader({
          container: options.container,
          source,
          fontSize: options.fontSize(),
          timers: realTimers,
          close,
        });
      }
      reader.value.focus();
    },
    close,
    liveOutput: () => reader.value?.liveOutput(),
    state: () => reader.value?.state(),
    dispose: () => reader.dispose(),
  };
}
