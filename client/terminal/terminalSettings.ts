// Applies the page settings to the live xterm.js terminal: theme, screen reader mode, and the
// font size of the fill layout (the window layout fits its own font: terminalView owns that).

import { FitAddon } from '@xterm/addon-fit';
import type { Disposable } from '../../shared/lifecycle.js';
import type { Settings } from '../logic/settings.js';
import { THEMES } from '../logic/themes.js';
import type { TerminalView } from './terminalView.js';

export interface TerminalSettings extends Disposable {
  /** New settings from the menu: applied at once. */
  apply(settings: Settings): void;
  /** The view has just filled the window at its base font: put the chosen font size back. */
  refill(): void;
}

export function createTerminalSettings(view: TerminalView, initial: Settings): TerminalSettings {
  const term = view.term;
  // A fit of our own: a new font size changes the cells, not the container terminalView watches.
  const fit = new FitAddon();
  term.loadAddon(fit);
  let current = initial;
  const applyFontSize = (): void => {
    if (view.layout !== 'fill' || term.options.fontSize === current.fontSize) return;
    term.options.fontSize = current.fontSize;
    fit.fit();
  };
  const apply = (settings: Settings): void => {
    current = settings;
    term.options.theme = THEMES[settings.theme].terminal;
    term.options.screenReaderMode = settings.screenReaderMode;
    applyFontSize();
  };
  apply(initial);
  return { apply, refill: applyFontSize, dispose: () => fit.dispose() };
}
