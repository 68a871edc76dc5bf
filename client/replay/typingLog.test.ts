import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CastEvent } from './castParser.js';
import { describeInput, typingLog, UNKNOWN_TYPIST } from './typingLog.js';

const ev = (time: number, code: string, data: string): CastEvent => ({ time, code, data });

describe('typingLog', () => {
  it('groups input per marker, at the marker time, with the named typist', () => {
    const log = typingLog([
      ev(0, 'o', 'prompt'),
      ev(1, 'm', 'walt'),
      ev(1, 'i', 'echo hi'),
      ev(1.5, 'i', '\r'),
      ev(2, 'o', 'hi'),
      ev(3, 'm', 'olga'),
      ev(3.2, 'i', '\u0003'),
      ev(9, 'm', 'olga'),
      ev(9, 'i', 'exit\r'),
    ]);
    assert.deepEqual(log, [
      { time: 1, user: 'walt', text: 'echo hi⏎' },
      { time: 3, user: 'olga', text: '^C' },
      { time: 9, user: 'olga', text: 'exit⏎' },
    ]);
  });

  it('attributes input without a marker to nobody in particular, and skips empty markers', () => {
    assert.deepEqual(typingLog([ev(1, 'i', 'x'), ev(2, 'm', 'vic'), ev(3, 'o', 'y')]), [
      { time: 1, user: UNKNOWN_TYPIST, text: 'x' },
    ]);
  });

  it('elides long pastes', () => {
    const [entry] = typingLog([ev(0, 'm', 'w'), ev(0, 'i', 'x'.repeat(1000))]);
    assert.equal(entry?.text.length, 301);
    assert.ok(entry?.text.endsWith('…'));
  });
});

describe('describeInput', () => {
  it('shows keys readably and never passes control characters through', () => {
    assert.equal(describeInput('ls -l\r'), 'ls -l⏎');
    assert.equal(describeInput('ab\u007f\t'), 'ab⌫⇥');
    assert.equal(describeInput('\u001b[A\u001b[B\u001bOC\u001b[D'), '↑↓→←');
    assert.equal(describeInput('\u001b[200~pasted\u001b[201~'), 'pasted');
    assert.equal(describeInput('\u001b[<0;10;5M\u001b[3~'), '⌦');
    assert.equal(describeInput('\u001bb\u001b'), 'M-b␛');
    assert.equal(describeInput('\u0004<b>x</b>'), '^D<b>x</b>');
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(describeInput('\u0000\u001f\u001b\u0007'), /[\u0000-\u001f]/);
  });
});
