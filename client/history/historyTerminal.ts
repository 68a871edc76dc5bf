// The history view's own xterm.js terminal: read-only, the page's look, scrollback sized to the
// lines loaded, re-rendered whole when older lines come (xterm.js cannot prepend).

import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { Terminal } from '@xterm/xterm';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import { COMMON_TERMINAL_OPTIONS } from '../terminal/terminalLook.js';
import { renderAppended, renderLines, rowsNeeded } from './historyLines.js';
import { restoredTop } from './followBottom.js';

/** Rows of margin on the estimate of wrapped rows: wide characters and narrower refits. */
const SCROLLBACK_MARGIN = 2;

/** DECTCEM off: a history view has nothing to type into, so no cursor. */
const HIDE_CURSOR = '\x1b[?25l';

/** Within this many rows of the top, the view asks for the next older page. */
export const NEAR_TOP_ROWS = 5;

/** Waits for the overlay to settle before refitting, like the live terminal. */
const FIT_DEBOUNCE_MS = 100;

/** Most matches the search highlights (and counts exactly); past it the count says "N+". */
export const HIGHLIGHT_LIMIT = 1_000;

export interface HistoryTerminal extends Disposable {
  readonly term: Terminal;
  readonly search: SearchAddon;
  /** Writes `lines` in place of everything; `keepPlace` keeps the rows in view (a prepend). */
  render(lines: readonly string[], keepPlace: boolean): Promise<void>;
  /** Writes `lines` after what is there, `total` being every line held now. */
  append(lines: readonly string[], total: readonly string[]): Promise<void>;
  atBottom(): boolean;
  nearTop(): boolean;
  scrollToBottom(): void;
  /** The visible rows, right-trimmed, joined with '\n'. */
  visibleText(): string;
  /** Every row of the buffer, right-trimmed, joined with '\n'. */
  bufferText(): string;
}

export function createHistoryTerminal(container: HTMLElement, fontSize: number): HistoryTerminal {
  const store = new DisposableStore();
  const term = store.add(
    new Terminal({
      ...COMMON_TERMINAL_OPTIONS,
      allowProposedApi: true,
      disableStdin: true,
      cursorBlink: false,
      cursorInactiveStyle: 'none',
      fontSize,
      scrollback: 0,
    }),
  );
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  const search = new SearchAddon({ highlightLimit: HIGHLIGHT_LIMIT });
  term.loadAddon(search);
  term.open(container);
  fit.fit();
  store.add(observeResize(container, () => fit.fit()));

  const buffer = () => term.buffer.active;
  const size = (lines: readonly string[]) => {
    term.options.scrollback = rowsNeeded(lines, term.cols) * SCROLLBACK_MARGIN + term.rows;
  };
  const write = (text: string) => new Promise<void>((resolve) => term.write(text, resolve));
  const rows = (from: number, to: number) => {
    const text: string[] = [];
    for (let y = from; y < to; y++) text.push(buffer().getLine(y)?.translateToString(true) ?? '');
    return text.join('\n').trimEnd();
  };

  return {
    term,
    search,
    async render(lines, keepPlace) {
      const oldTop = buffer().viewportY;
      const oldRows = buffer().length;
      term.reset();
      size(lines);
      await write(renderLines(lines) + HIDE_CURSOR);
      if (keepPlace) term.scrollToLine(restoredTop(oldTop, oldRows, buffer().length));
      else term.scrollToBottom();
    },
    async append(lines, total) {
      size(total);
      await write(renderAppended(lines));
    },
    atBottom: () => buffer().viewportY >= buffer().baseY,
    nearTop: () => buffer().viewportY < NEAR_TOP_ROWS,
    scrollToBottom: () => term.scrollToBottom(),
    visibleText: () => rows(buffer().viewportY, buffer().viewportY + term.rows),
    bufferText: () => rows(0, buffer().length),
    dispose: () => store.dispose(),
  };
}

function observeResize(container: HTMLElement, relayout: () => void): Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(relayout, FIT_DEBOUNCE_MS);
  });
  observer.observe(container);
  return toDisposable(() => {
    clearTimeout(timer);
    observer.disconnect();
  });
}
