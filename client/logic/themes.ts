// The page's themes: xterm.js colours for the terminal and the page's own colours (CSS variables).

import type { ITheme } from '@xterm/xterm';

export const THEME_NAMES = ['dark', 'light', 'high-contrast'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];

/** The page colours a theme sets; each is the CSS custom property of the same name in kebab case. */
export interface PageColours {
  bg: string;
  fg: string;
  muted: string;
  barBg: string;
  accent: string;
  warnBg: string;
  danger: string;
  ok: string;
  /** Connecting / reconnecting in the status bar. */
  pending: string;
}

export interface Theme {
  readonly label: string;
  readonly terminal: ITheme;
  /** undefined: the stylesheet's own colours (client/styles.css defines the dark page). */
  readonly page: PageColours | undefined;
}

/** xterm.js's own defaults, spelled out so that switching back from another theme restores them. */
const DARK_TERMINAL: ITheme = {
  foreground: '#ffffff',
  background: '#000000',
  cursor: '#ffffff',
  cursorAccent: '#000000',
  selectionBackground: '#4d4d4d',
};

/** Dark text on white; the ANSI colours darkened from VS Code's light palette to read on white. */
const LIGHT_TERMINAL: ITheme = {
  foreground: '#1e1e1e',
  background: '#ffffff',
  cursor: '#1e1e1e',
  cursorAccent: '#ffffff',
  selectionBackground: '#add6ff',
  black: '#000000',
  red: '#c72e2e',
  green: '#107c10',
  yellow: '#795e26',
  blue: '#0451a5',
  magenta: '#a626a4',
  cyan: '#0e7490',
  white: '#595959',
  brightBlack: '#666666',
  brightRed: '#b3261e',
  brightGreen: '#0b6a0b',
  brightYellow: '#7a5b00',
  brightBlue: '#0550ae',
  brightMagenta: '#8b278a',
  brightCyan: '#0b6279',
  brightWhite: '#a5a5a5',
};

/** White on black, every colour but black at least AA on the background. */
const HIGH_CONTRAST_TERMINAL: ITheme = {
  foreground: '#ffffff',
  background: '#000000',
  cursor: '#ffff00',
  cursorAccent: '#000000',
  selectionBackground: '#ffff00',
  selectionForeground: '#000000',
  black: '#000000',
  red: '#ff6b6b',
  green: '#4ee44e',
  yellow: '#ffff00',
  blue: '#6cb6ff',
  magenta: '#ff7bff',
  cyan: '#00ffff',
  white: '#e5e5e5',
  brightBlack: '#a0a0a0',
  brightRed: '#ff9999',
  brightGreen: '#99ff99',
  brightYellow: '#ffff99',
  brightBlue: '#a8d4ff',
  brightMagenta: '#ffb3ff',
  brightCyan: '#99ffff',
  brightWhite: '#ffffff',
};

export const THEMES: Record<ThemeName, Theme> = {
  dark: { label: 'Dark', terminal: DARK_TERMINAL, page: undefined },
  light: {
    label: 'Light',
    terminal: LIGHT_TERMINAL,
    page: {
      bg: '#ffffff',
      fg: '#1e1e1e',
      muted: '#595959',
      barBg: '#ececec',
      accent: '#005fb8',
      warnBg: '#fff4ce',
      danger: '#b3261e',
      ok: '#116329',
      pending: '#7a5b00',
    },
  },
  'high-contrast': {
    label: 'High contrast',
    terminal: HIGH_CONTRAST_TERMINAL,
    page: {
      bg: '#000000',
      fg: '#ffffff',
      muted: '#d0d0d0',
      barBg: '#000000',
      accent: '#4fd8ff',
      warnBg: '#3d2e00',
      danger: '#ff8080',
      ok: '#7cfc7c',
      pending: '#ffd75f',
    },
  },
};

/** The CSS custom property a page colour sets: `barBg` → `--bar-bg`. */
export function cssVariable(name: keyof PageColours): string {
  return `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
