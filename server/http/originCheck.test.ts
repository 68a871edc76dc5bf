import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stateChangeVerdict } from './originCheck.js';

const OWN = 'http://127.0.0.1:7681';
const isOwn = (origin: string) => origin === OWN;

describe('stateChangeVerdict', () => {
  it('lets reads through, whatever their origin', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      assert.equal(
        stateChangeVerdict(method, 'https://evil.example', 'cross-site', isOwn),
        'allowed',
      );
  });

  it('refuses state changes from another origin, the same site included', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'post']) {
      assert.equal(stateChangeVerdict(method, OWN, undefined, isOwn), 'allowed');
      for (const origin of ['http://other.localhost:7681', 'null', 'https://evil.example', ''])
        assert.equal(stateChangeVerdict(method, origin, 'same-origin', isOwn), 'foreign-origin');
    }
  });

  it('without Origin, believes Sec-Fetch-Site: only same-origin and none pass; absent passes (curl)', () => {
    assert.equal(stateChangeVerdict('POST', undefined, undefined, isOwn), 'allowed');
    assert.equal(stateChangeVerdict('POST', undefined, 'same-origin', isOwn), 'allowed');
    assert.equal(stateChangeVerdict('POST', undefined, 'None', isOwn), 'allowed');
    for (const site of ['same-site', 'cross-site', 'Cross-Site', 'bogus'])
      assert.equal(stateChangeVerdict('POST', undefined, site, isOwn), 'foreign-fetch-site', site);
  });
});
