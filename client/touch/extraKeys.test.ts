import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StickyModifiers, controlChar } from './extraKeys.js';

test('each key sends its bytes', () => {
  const keys = new StickyModifiers();
  assert.equal(keys.press('Esc', false), '\x1b');
  assert.equal(keys.press('Tab', false), '\t');
  assert.equal(keys.press('Up', false), '\x1b[A');
  assert.equal(keys.press('Down', false), '\x1b[B');
  assert.equal(keys.press('Right', false), '\x1b[C');
  assert.equal(keys.press('Left', false), '\x1b[D');
  assert.equal(keys.press('PgUp', false), '\x1b[5~');
  assert.equal(keys.press('PgDn', false), '\x1b[6~');
  assert.equal(keys.press('|', false), '|');
  assert.equal(keys.press('~', false), '~');
  assert.equal(keys.press('/', false), '/');
});

test('arrows follow the application cursor mode (DECCKM)', () => {
  const keys = new StickyModifiers();
  assert.equal(keys.press('Up', true), '\x1bOA');
  assert.equal(keys.press('Left', true), '\x1bOD');
});

test('Ctrl is sticky for one key: the next typed letter becomes a control byte, then it lets go', () => {
  const keys = new StickyModifiers();
  assert.equal(keys.press('Ctrl', false), '');
  assert.equal(keys.isHeld('Ctrl'), true);
  assert.equal(keys.apply('c'), '\x03');
  assert.equal(keys.isHeld('Ctrl'), false);
  assert.equal(keys.apply('c'), 'c');
});

test('tapping a held modifier again lets go of it', () => {
  const keys = new StickyModifiers();
  keys.press('Ctrl', false);
  keys.press('Ctrl', false);
  assert.equal(keys.apply('c'), 'c');
});

test('Alt prefixes ESC; with Ctrl both apply', () => {
  const keys = new StickyModifiers();
  keys.toggle('Alt');
  assert.equal(keys.apply('x'), '\x1bx');
  keys.toggle('Alt');
  keys.toggle('Ctrl');
  assert.equal(keys.apply('x'), '\x1b\x18');
});

test('modifiers on keys of the row use the modifier parameter', () => {
  const keys = new StickyModifiers();
  keys.toggle('Ctrl');
  assert.equal(keys.press('Right', false), '\x1b[1;5C');
  keys.toggle('Alt');
  assert.equal(keys.press('PgUp', false), '\x1b[5;3~');
  keys.toggle('Ctrl');
  assert.equal(keys.press('/', false), '\x1f');
  keys.toggle('Alt');
  assert.equal(keys.press('Esc', false), '\x1b\x1b');
  // Released after each: plain again.
  assert.equal(keys.press('Right', true), '\x1bOC');
});

test('only the first character of an IME text is modified', () => {
  const keys = new StickyModifiers();
  keys.toggle('Ctrl');
  assert.equal(keys.apply('dir'), '\x04ir');
  keys.toggle('Ctrl');
  assert.equal(keys.apply('\x1b[A'), '\x1b[A');
});

test('control bytes of letters and punctuation', () => {
  assert.equal(controlChar('a'), '\x01');
  assert.equal(controlChar('C'), '\x03');
  assert.equal(controlChar('['), '\x1b');
  assert.equal(controlChar(' '), '\x00');
  assert.equal(controlChar('1'), '1');
});
