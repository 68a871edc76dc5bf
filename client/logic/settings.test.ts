// Unit tests for the page settings: the stored shape, its fallbacks, font bounds, theme contrast.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AA_TEXT_RATIO, AAA_TEXT_RATIO, contrastRatio } from './contrast.js';
import {
  DEFAULT_SETTINGS,
  MAX_FONT_SIZE,
  MIN_FONT_SIZE,
  SETTINGS_KEY,
  clampFontSize,
  loadSettings,
  parseSettings,
  saveSettings,
  stepFontSize,
  type SettingsStorage,
} from './settings.js';
import { THEMES, THEME_NAMES, cssVariable, type PageColours } from './themes.js';

function memoryStorage(): SettingsStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

describe('parseSettings', () => {
  it('reads back what was saved', () => {
    const storage = memoryStorage();
    const chosen = { theme: 'light', fontSize: 18, screenReaderMode: true } as const;
    saveSettings(storage, chosen);
    assert.deepEqual([...storage.values.keys()], [SETTINGS_KEY]);
    assert.deepEqual(loadSettings(storage), chosen);
  });

  it('falls back to the defaults for nothing, bad JSON, or a bad shape', () => {
    for (const raw of [
      null,
      '',
      '{',
      'null',
      '[]',
      '{"theme":"neon","fontSize":14,"screenReaderMode":false}',
      '{"theme":"dark","fontSize":200,"screenReaderMode":false}',
      '{"theme":"dark","fontSize":14.5,"screenReaderMode":false}',
      '{"theme":"dark","fontSize":14,"screenReaderMode":"yes"}',
      '{"theme":"dark"}',
    ]) {
      assert.deepEqual(parseSettings(raw), DEFAULT_SETTINGS, String(raw));
    }
  });

  it('survives a storage that throws', () => {
    const throwing: SettingsStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    assert.deepEqual(loadSettings(throwing), DEFAULT_SETTINGS);
    assert.doesNotThrow(() => saveSettings(throwing, DEFAULT_SETTINGS));
    assert.deepEqual(loadSettings(undefined), DEFAULT_SETTINGS);
  });
});

describe('font size', () => {
  it('steps within the bounds', () => {
    assert.equal(stepFontSize(14, 1), 15);
    assert.equal(stepFontSize(14, -1), 13);
    assert.equal(stepFontSize(MAX_FONT_SIZE, 1), MAX_FONT_SIZE);
    assert.equal(stepFontSize(MIN_FONT_SIZE, -1), MIN_FONT_SIZE);
  });

  it('clamps and rounds any number, and a non-number goes back to the default', () => {
    assert.equal(clampFontSize(2), MIN_FONT_SIZE);
    assert.equal(clampFontSize(99), MAX_FONT_SIZE);
    assert.equal(clampFontSize(16.4), 16);
    assert.equal(clampFontSize(Number.NaN), DEFAULT_SETTINGS.fontSize);
  });
});

describe('themes', () => {
  it('has dark, light and high contrast', () => {
    assert.deepEqual([...THEME_NAMES], ['dark', 'light', 'high-contrast']);
  });

  it('draws terminal text at AA contrast at least (AAA for high contrast)', () => {
    for (const name of THEME_NAMES) {
      const { foreground, background } = THEMES[name].terminal;
      assert.ok(foreground !== undefined && background !== undefined, name);
      const needed = name === 'high-contrast' ? AAA_TEXT_RATIO : AA_TEXT_RATIO;
      assert.ok(contrastRatio(foreground, background) >= needed, name);
    }
  });

  it('gives every ANSI colour but black AA contrast in high contrast', () => {
    const terminal = THEMES['high-contrast'].terminal;
    for (const [key, colour] of Object.entries(terminal)) {
      if (key === 'black' || key === 'background' || key.startsWith('selection')) continue;
      if (key === 'cursorAccent' || typeof colour !== 'string') continue;
      assert.ok(contrastRatio(colour, '#000000') >= AA_TEXT_RATIO, key);
    }
  });

  it('gives page text AA contrast on the backgrounds it is drawn on', () => {
    const texts: (keyof PageColours)[] = ['fg', 'muted', 'accent', 'danger', 'ok', 'pending'];
    for (const name of THEME_NAMES) {
      const page = THEMES[name].page;
      if (page === undefined) continue;
      for (const text of texts) {
        for (const ground of ['bg', 'barBg'] as const) {
          const ratio = contrastRatio(page[text], page[ground]);
          assert.ok(ratio >= AA_TEXT_RATIO, `${name}: ${text} on ${ground} is ${ratio.toFixed(2)}`);
        }
      }
      assert.ok(contrastRatio(page.fg, page.warnBg) >= AA_TEXT_RATIO, `${name}: fg on warnBg`);
    }
  });

  it('names CSS variables in kebab case', () => {
    assert.equal(cssVariable('barBg'), '--bar-bg');
    assert.equal(cssVariable('fg'), '--fg');
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#000000'), 21);
    assert.equal(contrastRatio('#777777', '#777777'), 1);
  });
});
