import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { castEvent, castHeader, isRecordingId, recordingId, recordingStart } from './castFormat.js';

describe('asciicast lines', () => {
  it('writes the v2 header with size, whole-second timestamp, title and TERM', () => {
    const line = castHeader(100, 30, 1_700_000_000_999, 'tmuxgate main');
    assert.ok(line.endsWith('\n'));
    assert.deepEqual(JSON.parse(line), {
      version: 2,
      width: 100,
      height: 30,
      timestamp: 1_700_000_000,
      title: 'tmuxgate main',
      env: { TERM: 'xterm-256color' },
    });
  });

  it('writes events as [seconds to the millisecond, code, data], escaping control characters', () => {
    assert.equal(castEvent(1.23456, 'o', '\u001b[1mhi\r\n'), '[1.235,"o","\\u001b[1mhi\\r\\n"]\n');
    assert.equal(castEvent(0, 'm', 'walt'), '[0,"m","walt"]\n');
  });
});

describe('recording ids', () => {
  it('are the start time in ISO 8601 basic format, with a suffix when taken', () => {
    const ms = Date.parse('2024-05-01T12:34:56.789Z');
    assert.equal(recordingId(ms), '20240501T123456.789Z');
    assert.equal(recordingId(ms, 2), '20240501T123456.789Z-2');
    assert.equal(
      recordingStart('20240501T123456.789Z-2')?.toISOString(),
      '2024-05-01T12:34:56.789Z',
    );
  });

  it('refuse anything else, path tricks included', () => {
    for (const id of [
      '',
      '..',
      '../20240501T123456.789Z',
      '20240501T123456.789Z/..',
      '20240501T123456.789Z.cast',
      '20240501T123456Z',
      '20240501T123456.789Z-1000',
      '20240501T123456.789Z\n',
      'audit',
    ]) {
      assert.equal(isRecordingId(id), false, JSON.stringify(id));
    }
    assert.equal(recordingStart('nope'), undefined);
    assert.equal(recordingStart('20241399T999999.999Z'), undefined);
  });
});
