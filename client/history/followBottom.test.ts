// Unit tests for the reader's place: following the bottom, "N new lines", restoring after a prepend.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchText, newLinesText, ReaderPlace, restoredTop } from './followBottom.js';

describe('ReaderPlace', () => {
  it('follows the bottom while the reader is there', () => {
    const place = new ReaderPlace();
    assert.equal(place.arrived(5), true);
    assert.equal(place.newLines, 0);
  });

  it('counts new lines while scrolled up, and clears them back at the bottom', () => {
    const place = new ReaderPlace();
    place.scrolled(false);
    assert.equal(place.arrived(3), false);
    assert.equal(place.arrived(4), false);
    assert.equal(place.newLines, 7);
    place.scrolled(true);
    assert.equal(place.newLines, 0);
    assert.equal(place.arrived(1), true);
  });
});

describe('restoredTop', () => {
  it('moves the first visible row down by the rows the older lines took', () => {
    assert.equal(restoredTop(3, 2024, 4024), 2003);
  });

  it('never goes above the first row', () => {
    assert.equal(restoredTop(0, 100, 90), 0);
  });
});

describe('texts', () => {
  it('says how many new lines', () => {
    assert.equal(newLinesText(1), '1 new line');
    assert.equal(newLinesText(12), '12 new lines');
  });

  it('says which match of how many', () => {
    assert.equal(matchText(2, 12, 1000), '3 of 12');
    assert.equal(matchText(-1, 0, 1000), 'No matches');
    assert.equal(matchText(-1, 1000, 1000), '1000+ matches');
  });
});
