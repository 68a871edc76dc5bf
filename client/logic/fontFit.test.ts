import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_FONT_SIZE,
  MIN_FONT_SIZE,
  READABLE_FONT_SIZE,
  followCursor,
  fittedFontSize,
  nextZoom,
  panRange,
  pinchedZoom,
  readableFontSize,
} from './fontFit.js';

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

test('the readable font is at least the minimum font, and large enough for a 12 px cell', () => {
  // Cells 1.2 times the font: 10 px draws 12 px cells, exactly the minimum.
  assert.equal(readableFontSize(14, 17), READABLE_FONT_SIZE);
  // Cells as high as the font: 12 px is needed.
  assert.equal(readableFontSize(14, 14), 12);
  // Rounds up to the next half step, so the cell is never below the minimum.
  assert.equal(readableFontSize(10, 11), 11);
  // Nothing measured yet (no renderer): the minimum font.
  assert.equal(readableFontSize(14, 0), READABLE_FONT_SIZE);
});

test('the pan range is how far the content overhangs the viewport, never negative', () => {
  assert.deepEqual(panRange({ width: 900, height: 400 }, { width: 390, height: 600 }), {
    width: 510,
    height: 0,
  });
});

test('following the cursor moves the view as little as it can, within the pan range', () => {
  const viewport = { width: 300, height: 200 };
  const range = { width: 600, height: 100 };
  const cell = { width: 6, height: 12 };
  // In view already: nothing moves.
  assert.deepEqual(
    followCursor({ left: 0, top: 0 }, { left: 100, top: 50, ...cell }, viewport, range, 20),
    {
      left: 0,
      top: 0,
    },
  );
  // Right of the view: the view moves right until the cell and its margin show.
  assert.deepEqual(
    followCursor({ left: 0, top: 0 }, { left: 500, top: 50, ...cell }, viewport, range, 20),
    {
      left: 226,
      top: 0,
    },
  );
  // Left of the view, and below it: clamped to the range on both axes.
  assert.deepEqual(
    followCursor({ left: 400, top: 0 }, { left: 10, top: 290, ...cell }, viewport, range, 20),
    {
      left: 0,
      top: 100,
    },
  );
  // Back at the start of a line: the view goes back to the left edge.
  assert.deepEqual(
    followCursor({ left: 226, top: 0 }, { left: 0, top: 0, ...cell }, viewport, range, 20),
    {
      left: 0,
      top: 0,
    },
  );
});

test('a pinch picks the zoom level nearest to the pinched size', () => {
  assert.equal(pinchedZoom(1, 2), 2);
  assert.equal(pinchedZoom(1, 1.3), 1.25);
  assert.equal(pinchedZoom(2, 0.5), 1);
  assert.equal(pinchedZoom(1, 100), 3);
  assert.equal(pinchedZoom(1, 0.01), 0.5);
});
