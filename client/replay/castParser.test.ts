import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CastParseError, eventsUntil, parseCast, parseSize } from './castParser.js';

const HEADER =
  '{"version":2,"width":80,"height":25,"timestamp":1714564800,"title":"tmuxgate main"}';

describe('parseCast', () => {
  it('reads the header and the events in order', () => {
    const cast = parseCast(
      `${HEADER}\n[0,"o","hi"]\n[0.5,"m","walt"]\n[0.5,"i","ls\\r"]\n[1.25,"r","100x30"]\n`,
    );
    assert.deepEqual(cast.header, {
      width: 80,
      height: 25,
      timestamp: 1714564800,
      title: 'tmuxgate main',
    });
    assert.deepEqual(
      cast.events.map((e) => [e.time, e.code, e.data]),
      [
        [0, 'o', 'hi'],
        [0.5, 'm', 'walt'],
        [0.5, 'i', 'ls\r'],
        [1.25, 'r', '100x30'],
      ],
    );
    assert.equal(cast.duration, 1.25);
    assert.equal(cast.skipped, 0);
  });

  it('skips lines that are not events (a cut-off last line) and keeps time from going down', () => {
    const cast = parseCast(`${HEADER}\n[2,"o","a"]\n[1,"o","b"]\n{"x":1}\n[3,"o",5]\n[4,"o","c`);
    assert.deepEqual(
      cast.events.map((e) => [e.time, e.data]),
      [
        [2, 'a'],
        [2, 'b'],
      ],
    );
    assert.equal(cast.skipped, 3);
    assert.equal(cast.duration, 2);
  });

  it('refuses what is not an asciicast v2 recording', () => {
    for (const text of [
      '',
      'hello',
      '[0,"o","x"]',
      '{"version":1,"width":80,"height":24}',
      '{"version":2,"width":0,"height":24}',
      '{"version":2,"width":80,"height":100000}',
    ]) {
      assert.throws(() => parseCast(text), CastParseError, text);
    }
  });
});

describe('parseSize and eventsUntil', () => {
  it('reads sane sizes only', () => {
    assert.deepEqual(parseSize('100x30'), { cols: 100, rows: 30 });
    for (const bad of ['100', '0x10', '100x30x', '9999x9999', ' 1x1']) {
      assert.equal(parseSize(bad), undefined, bad);
    }
  });

  it('counts the events at or before a time', () => {
    const events = [0, 1, 1, 2, 5].map((time) => ({ time, code: 'o', data: '' }));
    assert.deepEqual(
      [-1, 0, 0.5, 1, 1.5, 2, 4.9, 5, 99].map((t) => eventsUntil(events, t)),
      [0, 1, 1, 3, 3, 4, 4, 5, 5],
    );
    assert.equal(eventsUntil([], 3), 0);
  });
});
