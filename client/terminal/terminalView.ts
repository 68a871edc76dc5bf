// The xterm.js terminal with its addons: fit, WebGL (falling back to DOM), Unicode 11, safe links.
// Two layouts: `fill` sizes the terminal to the window (writers, and viewers at their own size);
// `window` keeps the session window's size and scales the font to fit (viewers, by default).

import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import { fittedFontSize, nextZoom, type GridSize } from '../logic/fontFit.js';
import { openLink } from './safeLinks.js';
import { screenText } from './screenText.js';
import { COMMON_TERMINAL_OPTIONS } from './terminalLook.js';

/** Output the terminal keeps above the screen for local scrolling. */
const SCROLLBACK_LINES = 5_000;

/** Waits for the window to settle before refitting, so a drag-resize sends a handful of resizes. */
const FIT_DEBOUNCE_MS = 100;

/** The font size of a terminal that fills the window. */
const BASE_FONT_SIZE = 14;

/** Refitting the font converges in two passes (cell sizes round to whole pixels); three is safe. */
const FONT_FIT_PASSES = 3;

export interface TerminalView extends Disposable {
  readonly term: Terminal;
  /** The visible lines of the active buffer, each right-trimmed, joined with '\n'. */
  screenText(): string;
  /** Calls `listener` with the new size whenever filling the window changes the terminal's size. */
  onResize(listener: (cols: number, rows: number) => void): Disposable;
  /** Fill layout: the terminal takes whatever size fits the window. */
  fillWindow(): void;
  /** Window layout: the terminal keeps `size` (the session window's) and its font fits the window. */
  followWindow(size: GridSize): void;
  /** 'fill' or 'window'. */
  readonly layout: 'fill' | 'window';
  /** Local zoom of the window layout, one step in or out; 0 goes back to fitting exactly. */
  zoom(direction: 1 | -1 | 0): void;
  readonly zoomLevel: number;
}

export function createTerminal(container: HTMLElement): TerminalView {
  const store = new DisposableStore();
  const term = store.add(newTerminal());
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
  term.open(container);
  loadWebgl(term);
  fit.fit();

  let layout: 'fill' | 'window' = 'fill';
  let windowSize: GridSize = { cols: term.cols, rows: term.rows };
  let zoomLevel = 1;
  const fillListeners = new Set<(cols: number, rows: number) => void>();
  const fitFont = (): void => fitFontToWindow(term, fit, windowSize, zoomLevel, container);
  store.add(
    observeResize(container, () => {
      if (layout === 'fill') fit.fit();
      else fitFont();
    }),
  );
  store.add(
    term.onResize(({ cols, rows }) => {
      if (layout === 'fill') for (const listener of fillListeners) listener(cols, rows);
    }),
  );

  return {
    term,
    screenText: () => screenText(term),
    onResize: (listener) => {
      fillListeners.add(listener);
      return toDisposable(() => fillListeners.delete(listener));
    },
    get layout() {
      return layout;
    },
    get zoomLevel() {
      return zoomLevel;
    },
    fillWindow: () => {
      layout = 'fill';
      zoomLevel = 1;
      container.classList.remove('zoomed', 'following');
      term.options.fontSize = BASE_FONT_SIZE;
      fit.fit();
    },
    followWindow: (size) => {
      layout = 'window';
      windowSize = size;
      container.classList.add('following');
      // After the output already received (drawn at the old size) has been parsed.
      term.write('', () => {
        if (layout !== 'window') return;
        term.resize(windowSize.cols, windowSize.rows);
        fitFont();
      });
    },
    zoom: (direction) => {
      if (layout !== 'window') return;
      zoomLevel = direction === 0 ? 1 : nextZoom(zoomLevel, direction);
      term.options.fontSize = BASE_FONT_SIZE;
      fitFont();
    },
    dispose: () => store.dispose(),
  };
}

function newTerminal(): Terminal {
  return new Terminal({
    ...COMMON_TERMINAL_OPTIONS,
    // Unicode 11 widths come through the (proposed) `unicode` API.
    allowProposedApi: true,
    cursorBlink: true,
    scrollback: SCROLLBACK_LINES,
    fontSize: BASE_FONT_SIZE,
  });
}

/** Runs `relayout` once the container's size has settled; disposing stops watching. */
function observeResize(container: HTMLElement, relayout: () => void): Disposable {
  let fitTimer: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(() => {
    clearTimeout(fitTimer);
    fitTimer = setTimeout(relayout, FIT_DEBOUNCE_MS);
  });
  observer.observe(container);
  return toDisposable(() => {
    clearTimeout(fitTimer);
    observer.disconnect();
  });
}

/** Window layout: the font at which `windowSize` fits the container, times the local zoom. */
function fitFontToWindow(
  term: Terminal,
  fit: FitAddon,
  windowSize: GridSize,
  zoomLevel: number,
  container: HTMLElement,
): void {
  for (let pass = 0; pass < FONT_FIT_PASSES; pass++) {
    const fits = fit.proposeDimensions();
    if (!fits || fits.cols <= 0 || fits.rows <= 0) return;
    const size = fittedFontSize(term.options.fontSize ?? BASE_FONT_SIZE, fits, windowSize);
    if (size === term.options.fontSize) break;
    term.options.fontSize = size;
  }
  // Zoom scales the fitted size; past 1 the window scrolls (.terminal-host.zoomed).
  if (zoomLevel !== 1)
    term.options.fontSize = (term.options.fontSize ?? BASE_FONT_SIZE) * zoomLevel;
  container.classList.toggle('zoomed', zoomLevel > 1);
}

/** WebGL draws fastest; without it (no GPU, context lost) xterm.js keeps its DOM renderer. */
function loadWebgl(term: Terminal): void {
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch (error) {
    console.info('tmuxgate: WebGL unavailable, using the DOM renderer:', error);
  }
}
