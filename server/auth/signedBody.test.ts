// Unit tests for the signed cookie bodies: round trip, forged MACs, bodies that are not JSON.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { encodeBody, openBody, sameDigest } from './signedBody.js';

const KEY = Buffer.alloc(32, 7);
const macOf = (body: string): string => createHmac('sha256', KEY).update(body).digest('base64url');

describe('signed bodies', () => {
  it('opens what it encoded under the right MAC', () => {
    const body = encodeBody({ exp: 5, claims: ['a'] });
    assert.deepEqual(openBody(body, macOf(body), macOf), { exp: 5, claims: ['a'] });
  });

  it('refuses a body whose MAC does not match, of any length', () => {
    const body = encodeBody({ exp: 5 });
    const other = encodeBody({ exp: 6 });
    assert.equal(openBody(body, macOf(other), macOf), undefined);
    assert.equal(openBody(body, macOf(body).slice(1), macOf), undefined);
    assert.equal(openBody(body, '', macOf), undefined);
  });

  it('refuses a correctly signed body that is not JSON', () => {
    const body = Buffer.from('not json').toString('base64url');
    assert.equal(openBody(body, macOf(body), macOf), undefined);
  });

  it('compares digests exactly', () => {
    assert.equal(sameDigest('abc', 'abc'), true);
    assert.equal(sameDigest('abc', 'abd'), false);
    assert.equal(sameDigest('abc', 'abcd'), false);
  });
});
