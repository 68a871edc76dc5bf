// The extra-keys row for writers on touch devices: Esc, Tab, sticky Ctrl and Alt, arrows, PgUp/PgDn
// and a few symbols phone keyboards hide, above the status bar. Its keys never take the focus, so
// the on-screen keyboard stays as it was.

import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import { EXTRA_KEYS, StickyModifiers, type ExtraKey } from './extraKeys.js';
import './extraKeys.css';

/** Devices whose main pointer is a finger: the row is for them (a desktop has a real keyboard). */
const TOUCH_QUERY = '(pointer: coarse)';

/** What the row shows on its keys, where that differs from the key's name. */
const LABELS: Partial<Record<ExtraKey, string>> = { Left: '←', Up: '↑', Down: '↓', Right: '→' };

/** Screen-reader names of the keys whose label is a symbol. */
const NAMES: Partial<Record<ExtraKey, string>> = {
  Left: 'Left arrow',
  Up: 'Up arrow',
  Down: 'Down arrow',
  Right: 'Right arrow',
  PgUp: 'Page up',
  PgDn: 'Page down',
};

export interface ExtraKeysOptions {
  /** Sends bytes to the pane, the way typed input goes. */
  send: (data: string) => void;
  /** Whether the pane asked for application cursor keys (DECCKM). */
  applicationCursor: () => boolean;
  /** Gives the keyboard back to the terminal (after a key was pressed from the keyboard itself). */
  focusTerminal: () => void;
}

export interface ExtraKeysRow extends Disposable {
  readonly element: HTMLElement;
  /** Shown only when `writer` and the device is a touch device. */
  setWriter(writer: boolean): void;
  /** Typed input through the held modifiers: Ctrl then `c` on the keyboard sends ^C. */
  transformInput(data: string): string;
}

export function createExtraKeysRow(options: ExtraKeysOptions): ExtraKeysRow {
  const store = new DisposableStore();
  const modifiers = new StickyModifiers();
  const touch = window.matchMedia(TOUCH_QUERY);
  const buttons = new Map<ExtraKey, HTMLButtonElement>();
  const element = node('div', 'extra-keys', {
    role: 'toolbar',
    'aria-label': 'Extra keys',
    'data-testid': 'extra-keys',
  });
  let writer = false;

  const showModifiers = (): void => {
    for (const modifier of ['Ctrl', 'Alt'] as const)
      buttons.get(modifier)?.setAttribute('aria-pressed', String(modifiers.isHeld(modifier)));
  };
  const press = (key: ExtraKey): void => {
    const bytes = modifiers.press(key, options.applicationCursor());
    showModifiers();
    if (bytes !== '') options.send(bytes);
  };
  const update = (): void => {
    element.hidden = !(writer && touch.matches);
  };

  for (const key of EXTRA_KEYS) {
    const button = node('button', 'extra-key', {
      type: 'button',
      'data-key': key,
      'aria-label': NAMES[key] ?? key,
    });
    button.textContent = LABELS[key] ?? key;
    if (key === 'Ctrl' || key === 'Alt') button.setAttribute('aria-pressed', 'false');
    buttons.set(key, button);
    element.append(button);
  }
  // A finger on a key must not move the focus: the terminal's textarea keeps it (and the keyboard).
  const keepFocus = (event: Event): void => event.preventDefault();
  element.addEventListener('pointerdown', keepFocus);
  element.addEventListener('mousedown', keepFocus);
  const onClick = (event: MouseEvent): void => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    const key = target?.dataset.key as ExtraKey | undefined;
    if (key === undefined) return;
    press(key);
    // Pressed with Tab and Enter, the button got the focus: give it back to the terminal.
    if (element.contains(document.activeElement)) options.focusTerminal();
  };
  element.addEventListener('click', onClick);
  touch.addEventListener('change', update);
  store.add(
    toDisposable(() => {
      element.removeEventListener('pointerdown', keepFocus);
      element.removeEventListener('mousedown', keepFocus);
      element.removeEventListener('click', onClick);
      touch.removeEventListener('change', update);
      element.remove();
    }),
  );
  update();

  return {
    element,
    setWriter: (next) => {
      writer = next;
      update();
    },
    transformInput: (data) => {
      const result = modifiers.apply(data);
      showModifiers();
      return result;
    },
    dispose: () => store.dispose(),
  };
}

/**
 * An element with a class and attributes. Not ui/dom.ts's el(): ui/ imports terminal/, which
 * imports touch/, and folders must not import each other in a circle (text only here, too).
 */
function node<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  attrs: Record<string, string>,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  return element;
}
