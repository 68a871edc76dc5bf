// The xterm.js terminal with its addons: fit, WebGL (falling back to DOM), Unicode 11, safe links.

import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal, type IDisposable } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { openLink } from './safeLinks.js';

/** Output the terminal keeps above the screen for local scrolling. */
const SCROLLBACK_LINES = 5_000;

/** Waits for the window to settle before refitting, so a drag-resize sends a handful of resizes. */
const FIT_DEBOUNCE_MS = 100;

export interface TerminalView {
  readonly term: Terminal;
  /** The visible lines of the active buffer, each right-trimmed, joined with '\n'. */
  screenText(): string;
  /** Calls `listener` with the new size whenever fitting changes the terminal's size. */
  onResize(listener: (cols: number, rows: number) => void): IDisposable;
  dispose(): void;
}

export function createTerminal(container: HTMLElement): TerminalView {
  const term = new Terminal({
    // Unicode 11 widths come through the (proposed) `unicode` API.
    allowProposedApi: true,
    cursorBlink: true,
    scrollback: SCROLLBACK_LINES,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 14,
    // OSC 8 hyperlinks go through the same http(s)-only opener as detected URLs.
    linkHandler: { activate: (_event, text) => openLink(text) },
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.loadAddon(new WebLinksAddon((_event, uri) => openLink(uri)));
  term.open(container);
  loadWebgl(term);
  fit.fit();

  let fitTimer: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(() => {
    clearTimeout(fitTimer);
    fitTimer = setTimeout(() => fit.fit(), FIT_DEBOUNCE_MS);
  });
  observer.observe(container);

  return {
    term,
    screenText: () => screenText(term),
    onResize: (listener) => term.onResize(({ cols, rows }) => listener(cols, rows)),
    dispose: () => {
      clearTimeout(fitTimer);
      observer.disconnect();
      term.dispose();
    },
  };
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

function screenText(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = buffer.viewportY; y < buffer.viewportY + term.rows; y++) {
    lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  }
  return lines.join('\n').trimEnd();
}
