import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_CONTROL_MESSAGE_CHARS,
  CloseCode,
  clampSize,
  closeCodeFor,
  decodeClientMessage,
  decodeServerMessage,
  encodeMessage,
} from './protocol.js';

describe('decodeClientMessage', () => {
  it('accepts every client message type', () => {
    for (const message of [
      { type: 'resize', cols: 80, rows: 24 },
      { type: 'ack', bytes: 65536 },
      { type: 'ping', t: 1234.5 },
      { type: 'request-write' },
    ] as const) {
      assert.deepEqual(decodeClientMessage(encodeMessage(message)), { ok: true, message });
    }
  });

  const malformed: Array<[string, string, RegExp]> = [
    ['not JSON', '{type:', /not valid JSON/],
    ['a JSON string', '"resize"', /invalid control message/],
    ['null', 'null', /invalid control message/],
    ['an array', '[]', /invalid control message/],
    ['no type', '{"cols":1}', /invalid control message/],
    ['an unknown type', '{"type":"exec","cmd":"rm"}', /invalid control message/],
    ['a server-only type', '{"type":"hello","protocol":1}', /invalid control message/],
    ['resize with strings', '{"type":"resize","cols":"80","rows":24}', /cols/],
    ['resize with a fraction', '{"type":"resize","cols":80.5,"rows":24}', /cols/],
    ['resize missing rows', '{"type":"resize","cols":80}', /rows/],
    ['ack negative', '{"type":"ack","bytes":-1}', /bytes/],
    ['ack huge', '{"type":"ack","bytes":1e300}', /bytes/],
    ['ping without t', '{"type":"ping"}', /t/],
    ['an extra field', '{"type":"request-write","role":"owner"}', /invalid control message/],
    [
      'too long',
      `{"type":"ping","t":1,"pad":"${'x'.repeat(MAX_CONTROL_MESSAGE_CHARS)}"}`,
      /longer than/,
    ],
  ];
  for (const [name, text, error] of malformed) {
    it(`rejects ${name}`, () => {
      const decoded = decodeClientMessage(text);
      assert.equal(decoded.ok, false);
      if (!decoded.ok) assert.match(decoded.error, error);
    });
  }
});

describe('decodeServerMessage', () => {
  it('accepts hello with protocol 1 and rejects other versions', () => {
    const hello = {
      type: 'hello',
      protocol: 1,
      session: 'main',
      clientId: 'c1',
      user: 'u',
      role: 'owner',
      history: true,
    };
    assert.equal(decodeServerMessage(JSON.stringify(hello)).ok, true);
    assert.equal(decodeServerMessage(JSON.stringify({ ...hello, protocol: 2 })).ok, false);
    assert.equal(decodeServerMessage(JSON.stringify({ ...hello, role: 'root' })).ok, false);
  });

  it('accepts exit with a known reason only', () => {
    assert.equal(decodeServerMessage('{"type":"exit","reason":"kicked","message":"bye"}').ok, true);
    assert.equal(decodeServerMessage('{"type":"exit","reason":"bored","message":"bye"}').ok, false);
  });
});

describe('clampSize', () => {
  it('keeps sane sizes and clamps absurd ones', () => {
    assert.deepEqual(clampSize(80, 24), { cols: 80, rows: 24 });
    assert.deepEqual(clampSize(1e9, 1e9), { cols: 1000, rows: 500 });
    assert.deepEqual(clampSize(0, -5), { cols: 2, rows: 1 });
  });
});

describe('closeCodeFor', () => {
  it('gives each exit reason its own application close code', () => {
    assert.equal(closeCodeFor('session-ended'), CloseCode.SessionEnded);
    assert.equal(closeCodeFor('kicked'), CloseCode.Kicked);
    assert.equal(closeCodeFor('revoked'), CloseCode.Revoked);
    assert.equal(closeCodeFor('shutdown'), CloseCode.Shutdown);
    assert.equal(closeCodeFor('error'), CloseCode.ProtocolError);
    assert.equal(closeCodeFor('error', true), CloseCode.InternalError);
  });
});
