import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DISPLAY_NAME_GRAPHEMES, checkDisplayName, isDisplayName } from './displayName.js';

function problem(name: string): string {
  const checked = checkDisplayName(name);
  assert.ok(!checked.ok, `${JSON.stringify(name)} should be refused`);
  return checked.problem;
}

describe('checkDisplayName', () => {
  it('keeps names of every script, NFC-normalised and trimmed', () => {
    for (const name of ['Ana María', '李小龍', 'محمد', 'नमस्ते', '👍🏽 Sam', 'Guest <b>One</b>', 'a']) {
      assert.deepEqual(checkDisplayName(name), { ok: true, name }, name);
    }
    assert.deepEqual(checkDisplayName('  Jose\u0301  '), { ok: true, name: 'José' });
    assert.deepEqual(checkDisplayName('e\u0301'), { ok: true, name: '\u00e9' });
  });

  it('refuses line and paragraph separators, controls and bidi overrides, naming the character', () => {
    assert.match(problem('alice\u2028admin'), /control, format or invisible.*U\+2028/);
    assert.match(problem('ali\u2029ce'), /U\+2029/);
    assert.deepEqual(checkDisplayName('alice\u2029\n'), { ok: true, name: 'alice' }, 'trimmed');
    assert.match(problem('\u202Eecila'), /U\+202E/);
    assert.match(problem('a\tb'), /U\+0009/);
    assert.match(problem('a\u001b[31mb'), /U\+001B/);
    assert.match(problem('a\nb'), /U\+000A/);
  });

  it('refuses invisible characters: zero-width joiner spam, soft hyphens, fillers, selectors', () => {
    assert.match(problem(`alice${'\u200D'.repeat(20)}`), /U\+200D/);
    assert.match(problem('ali\u200Bce'), /U\+200B/);
    assert.match(problem('ali\u00ADce'), /U\+00AD/);
    assert.match(problem('\u3164'), /U\+3164/);
    assert.match(problem('alice\uFE0F'), /U\+FE0F/);
    assert.match(problem('alice\u{E0041}'), /U\+E0041/);
    assert.match(problem('\uD800'), /U\+D800/);
  });

  it('caps the length in characters (graphemes), not code units', () => {
    const emoji = '😀';
    assert.ok(checkDisplayName(emoji.repeat(MAX_DISPLAY_NAME_GRAPHEMES)).ok);
    assert.match(problem(emoji.repeat(40)), /at most 32 characters/);
    assert.ok(checkDisplayName('x'.repeat(MAX_DISPLAY_NAME_GRAPHEMES)).ok);
    assert.match(problem('x'.repeat(MAX_DISPLAY_NAME_GRAPHEMES + 1)), /at most 32 characters/);
    assert.match(problem('x'.repeat(10_000)), /at most 32 characters/);
    assert.match(problem('   '), /must not be empty/);
  });

  it('refuses combining-mark stacks (zalgo), in one character or many', () => {
    const marks = '\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030A\u030B';
    assert.match(problem(`Z${marks}`), /marks on one character/);
    assert.match(problem(`a${'\u0336'.repeat(39)}`), /marks on one character/);
    assert.match(problem(`H${marks}e${marks}l${marks}p`), /marks on one character/);
    assert.ok(checkDisplayName('Nguyễn Thị').ok, 'stacked Vietnamese diacritics are fine');
  });
});

describe('isDisplayName', () => {
  it('holds only for names exactly as they are kept', () => {
    assert.ok(isDisplayName('José'));
    assert.ok(!isDisplayName('Jose\u0301'), 'not NFC');
    assert.ok(!isDisplayName(' José'), 'not trimmed');
    assert.ok(!isDisplayName('a\u2028b'));
  });
});
