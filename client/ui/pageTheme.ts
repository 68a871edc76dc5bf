// The page's colours for a theme: CSS custom properties on <html>, over the stylesheet's dark ones.

import { THEMES, cssVariable, type PageColours, type ThemeName } from '../logic/themes.js';

/** Every page colour a theme may set, so that switching themes clears the last one's. */
const COLOUR_NAMES: readonly (keyof PageColours)[] = [
  'bg',
  'fg',
  'muted',
  'barBg',
  'accent',
  'warnBg',
  'danger',
  'ok',
  'pending',
];

/** Sets `name`'s colours on the document (undefined: back to the stylesheet's). */
export function applyPageTheme(name: ThemeName | undefined): void {
  const root = document.documentElement;
  const page = name === undefined ? undefined : THEMES[name].page;
  for (const colour of COLOUR_NAMES) {
    if (page === undefined) root.style.removeProperty(cssVariable(colour));
    else root.style.setProperty(cssVariable(colour), page[colour]);
  }
  if (name === undefined) delete root.dataset.theme;
  else root.dataset.theme = name;
  root.style.colorScheme = name === 'light' ? 'light' : '';
}
