import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Identity } from './identity.js';
import { LoginCookieSigner } from './loginCookie.js';
import { MAX_LOGIN_GROUPS } from './principalNames.js';

const SECRET = Buffer.alloc(32, 3);

/** A cookie value with `payload` signed as the signer would (to test what verify accepts). */
function signed(payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', SECRET).update(`v1.${body}`).digest('base64url');
  return `v1.${body}.${mac}`;
}

describe('LoginCookieSigner with groups', () => {
  const signer = new LoginCookieSigner(SECRET);

  it('carries an OIDC identity with its groups', () => {
    const identity: Identity = {
      name: 'sam',
      kind: 'oidc',
      admin: false,
      groups: ['/org/sre', 'a:b'],
    };
    assert.deepEqual(signer.verify(signer.sign(identity))?.identity, identity);
  });

  it('stays under the 4 KB browsers keep, with the most and longest groups allowed', () => {
    const groups = Array.from({ length: MAX_LOGIN_GROUPS }, (_, i) => `${i}`.padEnd(64, 'g'));
    const identity: Identity = { name: 'x'.repeat(64), kind: 'oidc', admin: false, groups };
    const value = signer.sign(identity);
    assert.ok(`tmuxgate_login=${value}`.length < 4096, `${value.length} characters`);
    assert.deepEqual(signer.verify(value)?.identity.groups, groups);
  });

  it('refuses a correctly signed cookie with too many or malformed groups', () => {
    const base = { sid: 'a'.repeat(22), name: 'sam', kind: 'oidc', admin: false, exp: 9e9 };
    const tooMany = Array.from({ length: MAX_LOGIN_GROUPS + 1 }, (_, i) => `g${i}`);
    assert.ok(signer.verify(signed({ ...base, groups: ['sre'] })));
    assert.equal(signer.verify(signed({ ...base, groups: tooMany })), null);
    assert.equal(signer.verify(signed({ ...base, groups: ['s r e'] })), null);
  });
});
