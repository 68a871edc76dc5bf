// The xterm.js terminal with its addons: fit, WebGL (falling back to DOM), Unicode 11, safe links.
// Two layouts: `fill` sizes the terminal to the window (writers, and viewers at their own size);
// `window` keeps the session window's size and scales the font to fit (viewers, by default):
// never below the readable minimum unless the viewer asks for the whole window (double tap), the
// page panning over a window too large for it, following the cursor.

import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import { fittedFontSize, nextZoom, pinchedZoom, type GridSize } from '../logic/fontFit.js';
import { followTheCursor, type CursorFollower } from '../touch/cursorFollow.js';
import { markPannable, raiseToReadable } from '../touch/readableFit.js';
import { bindTouchGestures } from '../touch/touchGestures.js';
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
  /** Window layout: true while the font keeps the readable minimum, false showing the whole window. */
  readonly readable: boolean;
  /** Switches between the readable view and the whole window (what a double tap does). */
  toggleReadable(): void;
}

export function createTerminal(container: HTMLElement): TerminalView {
  return new XtermView(container);
}

class XtermView implements TerminalView {
  private readonly store = new DisposableStore();
  readonly term: Terminal;
  private readonly fit = new FitAddon();
  private readonly cursor: CursorFollower;
  private readonly fillListeners = new Set<(cols: number, rows: number) => void>();
  private windowSize: GridSize;
  private mode: 'fill' | 'window' = 'fill';
  private currentZoom = 1;
  private readableView = true;

  constructor(private readonly container: HTMLElement) {
    const term = (this.term = this.store.add(newTerminal()));
    term.loadAddon(this.fit);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    term.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
    term.open(container);
    loadWebgl(term);
    this.fit.fit();
    this.windowSize = { cols: term.cols, rows: term.rows };
    this.cursor = this.store.add(followTheCursor(term, container));
    this.store.add(
      observeResize(container, () => {
        if (this.mode === 'fill') this.fit.fit();
        else this.fitFont();
      }),
    );
    this.store.add(
      term.onResize(({ cols, rows }) => {
        if (this.mode === 'fill') for (const listener of this.fillListeners) listener(cols, rows);
      }),
    );
    this.store.add(this.bindGestures());
  }

  get layout(): 'fill' | 'window' {
    return this.mode;
  }

  get zoomLevel(): number {
    return this.currentZoom;
  }

  get readable(): boolean {
    return this.readableView;
  }

  screenText(): string {
    return screenText(this.term);
  }

  onResize(listener: (cols: number, rows: number) => void): Disposable {
    this.fillListeners.add(listener);
    return toDisposable(() => this.fillListeners.delete(listener));
  }

  fillWindow(): void {
    this.mode = 'fill';
    this.currentZoom = 1;
    this.container.classList.remove('zoomed', 'following', 'pannable');
    this.term.options.fontSize = BASE_FONT_SIZE;
    this.fit.fit();
  }

  followWindow(size: GridSize): void {
    this.mode = 'window';
    this.windowSize = size;
    this.container.classList.add('following');
    // After the output already received (drawn at the old size) has been parsed.
    this.term.write('', () => {
      if (this.mode !== 'window') return;
      this.term.resize(this.windowSize.cols, this.windowSize.rows);
      this.fitFont();
    });
  }

  zoom(direction: 1 | -1 | 0): void {
    this.zoomTo(direction === 0 ? 1 : nextZoom(this.currentZoom, direction));
  }

  toggleReadable(): void {
    if (this.mode !== 'window') return;
    this.readableView = !this.readableView;
    this.zoomTo(1);
  }

  dispose(): void {
    this.store.dispose();
  }

  private zoomTo(level: number): void {
    if (this.mode !== 'window') return;
    this.currentZoom = level;
    this.term.options.fontSize = BASE_FONT_SIZE;
    this.fitFont();
  }

  /** Window layout: the font at which the window fits, raised to the readable minimum, zoomed. */
  private fitFont(): void {
    const { term, container } = this;
    fitFontToWindow(term, this.fit, this.windowSize);
    if (this.readableView) raiseToReadable(term);
    // Zoom scales the fitted size; past 1 the window scrolls (.terminal-host.zoomed).
    if (this.currentZoom !== 1)
      term.options.fontSize = (term.options.fontSize ?? BASE_FONT_SIZE) * this.currentZoom;
    container.classList.toggle('zoomed', this.currentZoom > 1);
    if (markPannable(container, term)) this.cursor.follow();
  }

  /** Touches on the host (the whole window may be smaller than it), not on the history view. */
  private bindGestures(): Disposable {
    const { container, term } = this;
    return bindTouchGestures(container, {
      accepts: (target) =>
        target === container || (target instanceof Node && term.element?.contains(target) === true),
      scroller: this.container,
      canPan: () => this.mode === 'window' && this.container.classList.contains('pannable'),
      panned: () => this.cursor.panned(),
      pinched: (scale) => this.zoomTo(pinchedZoom(this.currentZoom, scale)),
      doubleTapped: () => this.toggleReadable(),
    });
  }
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

/** Window layout: the font at which `windowSize` fits the container. */
function fitFontToWindow(term: Terminal, fit: FitAddon, windowSize: GridSize): void {
  for (let pass = 0; pass < FONT_FIT_PASSES; pass++) {
    const fits = fit.proposeDimensions();
    if (!fits || fits.cols <= 0 || fits.rows <= 0) return;
    const size = fittedFontSize(term.options.fontSize ?? BASE_FONT_SIZE, fits, windowSize);
    if (size === term.options.fontSize) break;
    term.options.fontSize = size;
  }
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
