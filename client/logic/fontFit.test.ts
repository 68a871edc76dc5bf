import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_FONT_SIZE, MIN_FONT_SIZE, fittedFontSize, nextZoom } from './fontFit.js';

test('a smaller container shrinks the font in proportion, by the tighter dimension', () => {
  // 100x30 fits at 14px; a 200x30 window needs half the width.
  assert.equal(fittedFontSize(14, { cols: 100, rows: 30 }, { cols: 200, rows: 30 }), 7);
  // Rows are the tighter bound here.
  assert.equal(fittedFontSize(14, { cols: 100, rows: 30 }, { cols: 80, rows: 60 }), 7);
});

test('a larger container grows the font, in half-pixel steps, rounding down so it still fits', () => {
  assert.equal(fittedFontSize(14, { cols: 160, rows: 48 }, { cols: 80, rows: 24 }), 28);
  assert.equal(fittedFontSize(14, { cols: 100, rows: 30 }, { cols: 90, rows: 27 }), 15.5);
});

test('the font stays within its bounds', () => {
  assert.equal(fittedFontSize(14, { cols: 10, rows: 5 }, { cols: 1000, rows: 500 }), MIN_FONT_SIZE);
  assert.equal(fittedFontSize(14, { cols: 1000, rows: 500 }, { cols: 10, rows: 5 }), MAX_FONT_SIZE);
});

test('zoom steps through its levels and stops at the ends', () => {
  assert.equal(nextZoom(1, 1), 1.1);
  assert.equal(nextZoom(1, -1), 0.9);
  assert.equal(nextZoom(3, 1), 3);
  assert.equal(nextZoom(0.5, -1), 0.5);
  // A level in between (not on the list) steps to its neighbours.
  assert.equal(nextZoom(1.05, 1), 1.25);
});
