// Unit tests for the login cookie: what it carries, what verify accepts, the password digest.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  LoginCookieSigner,
  clearedLoginCookieHeader,
  loginCookieHeader,
  type LoginClaims,
} from './loginCookie.js';
import { MAX_LOGIN_GROUPS } from '../config/principalNames.js';

const SECRET = Buffer.alloc(32, 3);

/** A cookie value with `payload` signed as the signer would (to test what verify accepts). */
function signed(payload: object, version = 'v2'): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const mac = createHmac('sha256', SECRET).update(`${version}.${body}`).digest('base64url');
  return `${version}.${body}.${mac}`;
}

describe('LoginCookieSigner', () => {
  const signer = new LoginCookieSigner(SECRET);

  it('carries each kind of claims unchanged', () => {
    const claims: LoginClaims[] = [
      { via: 'password', name: 'bob', passwordDigest: signer.passwordDigest('$scrypt$x') },
      { via: 'link', identity: { name: 'owner', kind: 'local', admin: true } },
      { via: 'oidc', name: 'sam', groups: ['/org/sre', 'a:b'] },
      { via: 'guest', name: 'Guest', guest: { linkId: 'l1', session: 'main', role: 'viewer' } },
    ];
    for (const claim of claims) assert.deepEqual(signer.verify(signer.sign(claim))?.claims, claim);
  });

  it('never carries admin for a password login: the config decides it', () => {
    const digest = signer.passwordDigest('$scrypt$x');
    const base = { sid: 'a'.repeat(22), exp: 9e9 };
    const claims = { via: 'password', name: 'erin', passwordDigest: digest };
    assert.ok(signer.verify(signed({ ...base, claims })));
    assert.equal(signer.verify(signed({ ...base, claims: { ...claims, admin: true } })), null);
  });

  it('refuses a correctly signed v1 cookie (it named admin and no password)', () => {
    const v1 = { sid: 'a'.repeat(22), name: 'erin', kind: 'local', admin: true, exp: 9e9 };
    assert.equal(signer.verify(signed(v1, 'v1')), null);
  });

  it('refuses expired and forged cookies', () => {
    const clock = { now: 1_000_000_000_000 };
    const timed = new LoginCookieSigner(SECRET, () => clock.now);
    const value = timed.sign({ via: 'oidc', name: 'sam' }, 60);
    assert.ok(timed.verify(value));
    clock.now += 60_000;
    assert.equal(timed.verify(value), null);
    assert.equal(
      new LoginCookieSigner(Buffer.alloc(32, 4)).verify(signer.sign({ via: 'oidc', name: 'sam' })),
      null,
    );
  });

  it('has a password digest that tells the hash it was made from from any other', () => {
    const digest = signer.passwordDigest('$scrypt$old');
    assert.match(digest, /^[A-Za-z0-9_-]{22}$/);
    assert.ok(signer.matchesPassword(digest, '$scrypt$old'));
    assert.ok(!signer.matchesPassword(digest, '$scrypt$new'));
    assert.ok(!signer.matchesPassword('short', '$scrypt$old'));
    const otherKey = new LoginCookieSigner(Buffer.alloc(32, 4));
    assert.notEqual(otherKey.passwordDigest('$scrypt$old'), digest, 'keyed by the secret');
  });

  it('stays under the 4 KB browsers keep, with the most and longest groups allowed', () => {
    const groups = Array.from({ length: MAX_LOGIN_GROUPS }, (_, i) => `${i}`.padEnd(64, 'g'));
    const value = signer.sign({ via: 'oidc', name: 'x'.repeat(64), groups });
    assert.ok(`tmuxgate_login=${value}`.length < 4096, `${value.length} characters`);
    const claims = signer.verify(value)?.claims;
    assert.deepEqual(claims?.via === 'oidc' ? claims.groups : undefined, groups);
  });

  it('refuses a correctly signed cookie with too many or malformed groups', () => {
    const base = { sid: 'a'.repeat(22), exp: 9e9 };
    const oidc = (groups: string[]) => ({ ...base, claims: { via: 'oidc', name: 'sam', groups } });
    const tooMany = Array.from({ length: MAX_LOGIN_GROUPS + 1 }, (_, i) => `g${i}`);
    assert.ok(signer.verify(signed(oidc(['sre']))));
    assert.equal(signer.verify(signed(oidc(tooMany))), null);
    assert.equal(signer.verify(signed(oidc(['s r e']))), null);
  });
});

describe('loginCookieHeader', () => {
  it('names a Secure cookie __Host-tmuxgate_login, for Path=/ and without Domain', () => {
    const secure = loginCookieHeader('v2.x.y', { secure: true });
    assert.match(secure, /^__Host-tmuxgate_login=v2\.x\.y; Path=\/; /);
    assert.match(secure, /; Secure$/);
    assert.doesNotMatch(secure, /Domain=/i);
    assert.match(
      clearedLoginCookieHeader({ secure: true }),
      /^__Host-tmuxgate_login=; .*Max-Age=0/,
    );
  });

  it('keeps the plain name on plain http, where a __Host- cookie would be refused', () => {
    assert.match(loginCookieHeader('v2.x.y', { secure: false }), /^tmuxgate_login=v2\.x\.y; /);
    assert.doesNotMatch(loginCookieHeader('v2.x.y', { secure: false }), /Secure/);
  });
});

describe('guest names in cookies', () => {
  const signer = new LoginCookieSigner(SECRET);
  const guest = { linkId: 'l1', session: 'main', role: 'viewer' } as const;

  it('are accepted only as /api/join keeps them (older cookies with other names sign out)', () => {
    assert.ok(signer.verify(signer.sign({ via: 'guest', name: 'José', guest })));
    for (const name of ['a\u2028b', '\u202Eeve', 'x'.repeat(40), 'Jose\u0301'])
      assert.equal(signer.verify(signer.sign({ via: 'guest', name, guest })), null, name);
  });
});
