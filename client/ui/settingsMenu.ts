// The terminal page's settings menu, opened from the status bar: theme, font size and screen
// reader mode. Each change applies at once and is remembered in this browser.

import { DisposableStore, type Disposable } from '../../shared/lifecycle.js';
import {
  MAX_FONT_SIZE,
  MIN_FONT_SIZE,
  loadSettings,
  saveSettings,
  stepFontSize,
  type Settings,
} from '../logic/settings.js';
import { THEMES, THEME_NAMES, type ThemeName } from '../logic/themes.js';
import { createDisclosure } from './disclosure.js';
import { el } from './dom.js';
import { applyPageTheme } from './pageTheme.js';
import './settingsMenu.css';

export interface SettingsMenu extends Disposable {
  /** The status bar's Settings button. */
  readonly trigger: HTMLButtonElement;
  /** The floating panel (placed by the status bar's owner). */
  readonly panel: HTMLElement;
  readonly current: Settings;
  close(): void;
}

export interface SettingsMenuOptions {
  /** The settings changed (already saved): apply them to the terminal. */
  changed: (settings: Settings) => void;
  /** The menu closed: the keyboard goes back to the terminal. */
  closed: () => void;
}

export function createSettingsMenu(options: SettingsMenuOptions): SettingsMenu {
  const store = new DisposableStore();
  let current = loadSettings(browserStorage());
  applyPageTheme(current.theme);
  store.add({ dispose: () => applyPageTheme(undefined) });
  const controls = settingsControls();
  const show = (): void => {
    controls.theme.value = current.theme;
    controls.size.textContent = `${String(current.fontSize)} px`;
    controls.smaller.disabled = current.fontSize <= MIN_FONT_SIZE;
    controls.larger.disabled = current.fontSize >= MAX_FONT_SIZE;
    controls.reader.checked = current.screenReaderMode;
  };
  const update = (change: Partial<Settings>): void => {
    current = { ...current, ...change };
    saveSettings(browserStorage(), current);
    applyPageTheme(current.theme);
    show();
    options.changed(current);
  };
  controls.theme.addEventListener('change', () => update({ theme: themeName(controls.theme) }));
  controls.smaller.addEventListener('click', () =>
    update({ fontSize: stepFontSize(current.fontSize, -1) }),
  );
  controls.larger.addEventListener('click', () =>
    update({ fontSize: stepFontSize(current.fontSize, 1) }),
  );
  controls.reader.addEventListener('change', () =>
    update({ screenReaderMode: controls.reader.checked }),
  );
  show();

  const trigger = el('button', {
    className: 'status-button',
    text: 'Settings',
    attrs: {
      type: 'button',
      title: 'Theme, font size, screen reader mode',
      'data-testid': 'settings-button',
    },
  });
  const panel = controls.panel;
  const disclosure = store.add(createDisclosure({ trigger, panel, closed: options.closed }));
  controls.done.addEventListener('click', () => disclosure.close());
  return {
    trigger,
    panel,
    get current() {
      return current;
    },
    close: () => disclosure.close(false),
    dispose: () => store.dispose(),
  };
}

/** The panel and its controls, in the order Tab visits them. */
function settingsControls() {
  const theme = el(
    'select',
    { attrs: { id: 'settings-theme', 'data-testid': 'settings-theme' } },
    THEME_NAMES.map((name) => el('option', { text: THEMES[name].label, attrs: { value: name } })),
  );
  const smaller = el('button', {
    text: '−',
    attrs: { type: 'button', 'aria-label': 'Smaller font', 'data-testid': 'settings-font-smaller' },
  });
  const larger = el('button', {
    text: '+',
    attrs: { type: 'button', 'aria-label': 'Larger font', 'data-testid': 'settings-font-larger' },
  });
  const size = el('output', {
    className: 'settings-font-size',
    attrs: { 'aria-live': 'polite', 'data-testid': 'settings-font-size' },
  });
  const reader = el('input', {
    attrs: { type: 'checkbox', id: 'settings-reader', 'data-testid': 'settings-reader' },
  });
  const done = el('button', { className: 'dialog-close', text: 'Done', attrs: { type: 'button' } });
  const panel = el(
    'div',
    {
      className: 'settings-panel',
      attrs: { id: 'settings-panel', role: 'dialog', 'aria-labelledby': 'settings-title' },
    },
    [
      el('h2', { text: 'Settings', attrs: { id: 'settings-title' } }),
      el('div', { className: 'settings-row' }, [
        el('label', { text: 'Theme', attrs: { for: 'settings-theme' } }),
        theme,
      ]),
      el(
        'div',
        { className: 'settings-row', attrs: { role: 'group', 'aria-label': 'Font size' } },
        [el('span', { text: 'Font size' }), smaller, size, larger],
      ),
      el('p', {
        className: 'hint settings-note',
        text:
          'The font size is for a terminal that fills the window (writers, viewers at their own ' +
          'size). A viewer following the session’s window has its font fitted; Ctrl +/− zooms it.',
      }),
      el('div', { className: 'settings-row' }, [
        reader,
        el('label', { text: 'Screen reader mode', attrs: { for: 'settings-reader' } }),
      ]),
      done,
    ],
  );
  return { panel, theme, smaller, larger, size, reader, done };
}

function themeName(select: HTMLSelectElement): ThemeName {
  return THEME_NAMES.find((name) => name === select.value) ?? 'dark';
}

/** localStorage, or undefined where the browser refuses it (some private modes throw on access). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
