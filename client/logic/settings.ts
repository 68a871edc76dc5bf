// The terminal page's settings (theme, font size, screen reader mode), remembered per browser:
// one localStorage key, validated when read back; anything unreadable falls back to the defaults.

import { z } from 'zod';
import { THEME_NAMES, type ThemeName } from './themes.js';

/** The one localStorage key the settings live under (the follow preference has its own). */
export const SETTINGS_KEY = 'tmuxgate.settings';

/** The fill layout's font size before anyone changes it (terminalView's own base size). */
export const DEFAULT_FONT_SIZE = 14;

/** Below this xterm.js glyphs stop being legible. */
export const MIN_FONT_SIZE = 8;

/** Above this a 24-row terminal no longer fits a laptop screen. */
export const MAX_FONT_SIZE = 32;

/** One press of − or + changes the font by this many pixels. */
export const FONT_SIZE_STEP = 1;

export interface Settings {
  theme: ThemeName;
  /** The fill layout's font size (writers, viewers at their own size), in CSS pixels. */
  fontSize: number;
  /** xterm.js's screen reader mode: an accessible live copy of the terminal's rows. */
  screenReaderMode: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  theme: 'dark',
  fontSize: DEFAULT_FONT_SIZE,
  screenReaderMode: false,
};

const storedSettings = z.object({
  theme: z.enum(THEME_NAMES),
  fontSize: z.number().int().min(MIN_FONT_SIZE).max(MAX_FONT_SIZE),
  screenReaderMode: z.boolean(),
});

/** What Storage offers that the settings need (localStorage in the page, a Map in tests). */
export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The settings stored as `raw`; the defaults when nothing is stored or it is not valid. */
export function parseSettings(raw: string | null): Settings {
  if (raw === null) return { ...DEFAULT_SETTINGS };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const parsed = storedSettings.safeParse(value);
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
}

export function loadSettings(storage: SettingsStorage | undefined): Settings {
  try {
    return parseSettings(storage?.getItem(SETTINGS_KEY) ?? null);
  } catch {
    // Storage may throw when the browser forbids it: the defaults, for this page only.
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(storage: SettingsStorage | undefined, settings: Settings): void {
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Storage may be off (private mode) or full: the settings last for this page only.
  }
}

/** The font size one step in `direction` from `size`, kept within the bounds. */
export function stepFontSize(size: number, direction: 1 | -1): number {
  return clampFontSize(size + direction * FONT_SIZE_STEP);
}

export function clampFontSize(size: number): number {
  if (!Number.isFinite(size)) return DEFAULT_FONT_SIZE;
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(size)));
}
