import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearestFittingSize } from './nearestSize.js';

const sizes = [
  { cols: 80, rows: 24 },
  { cols: 120, rows: 40 },
  { cols: 100, rows: 50 },
  { cols: 200, rows: 20 },
];

test('the largest size that fits inside the one asked for', () => {
  assert.deepEqual(nearestFittingSize({ cols: 130, rows: 45 }, sizes), { cols: 120, rows: 40 });
  assert.deepEqual(nearestFittingSize({ cols: 110, rows: 60 }, sizes), { cols: 100, rows: 50 });
  assert.deepEqual(nearestFittingSize({ cols: 80, rows: 24 }, sizes), { cols: 80, rows: 24 });
});

test('ties in area go to the wider one', () => {
  const equalAreas = [
    { cols: 50, rows: 40 },
    { cols: 100, rows: 20 },
  ];
  assert.deepEqual(nearestFittingSize({ cols: 100, rows: 40 }, equalAreas), {
    cols: 100,
    rows: 20,
  });
});

test('none much smaller than the one asked for: tiny groups never shrink everyone', () => {
  const tiny = [
    { cols: 2, rows: 1 },
    { cols: 9, rows: 3 },
    { cols: 59, rows: 40 },
  ];
  assert.equal(nearestFittingSize({ cols: 120, rows: 40 }, tiny), undefined);
  assert.deepEqual(nearestFittingSize({ cols: 118, rows: 80 }, tiny), { cols: 59, rows: 40 });
});

test('none when every size is wider or taller than the one asked for', () => {
  assert.equal(nearestFittingSize({ cols: 79, rows: 100 }, sizes), undefined);
  assert.equal(nearestFittingSize({ cols: 1000, rows: 10 }, sizes), undefined);
  assert.equal(nearestFittingSize({ cols: 500, rows: 500 }, []), undefined);
});
