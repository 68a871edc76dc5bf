import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import {
  DEFAULT_SCRYPT_PARAMS,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
} from './passwords.js';
import { isPasswordHash } from '../config/passwordHash.js';

/** The cheapest parameters we accept, so tests that do not care about cost stay fast. */
const FAST = { N: 2 ** 14, r: 8, p: 1 };

describe('hashPassword / verifyPassword', () => {
  it('round-trips with the default parameters, which the hash names', async () => {
    const hash = await hashPassword('correct horse battery staple');
    assert.match(hash, /^scrypt\$N=32768,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual(DEFAULT_SCRYPT_PARAMS, { N: 32768, r: 8, p: 1 });
    assert.equal(isPasswordHash(hash), true);
    assert.equal(await verifyPassword('correct horse battery staple', hash), true);
  });

  it('refuses a wrong password', async () => {
    const hash = await hashPassword('secret', FAST);
    assert.equal(await verifyPassword('Secret', hash), false);
    assert.equal(await verifyPassword('', hash), false);
    assert.equal(await verifyPassword('secret ', hash), false);
  });

  it('salts every hash differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same', FAST), hashPassword('same', FAST)]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('same', a), true);
    assert.equal(await verifyPassword('same', b), true);
  });

  it('honours the parameters embedded in the hash', async () => {
    const salt = Buffer.alloc(16, 7);
    const params = { N: 2 ** 14, r: 4, p: 2 };
    const key = scryptSync('pw', salt, 32, params);
    const hash = `scrypt$N=16384,r=4,p=2$${salt.toString('base64')}$${key.toString('base64')}`;
    assert.equal(await verifyPassword('pw', hash), true);
    // The same salt and key under other parameters is a different hash and does not match.
    assert.equal(await verifyPassword('pw', hash.replace('r=4', 'r=8')), false);
    assert.equal(
      await hashPassword('pw', params).then((h) => h.startsWith('scrypt$N=16384,r=4,p=2$')),
      true,
    );
  });

  it('treats unicode compositions of the same password alike', async () => {
    const hash = await hashPassword('caf\u00e9', FAST);
    assert.equal(await verifyPassword('cafe\u0301', hash), true);
  });

  it('returns false, never throws, for malformed or out-of-bounds hashes', async () => {
    const good = await hashPassword('pw', FAST);
    const [, , salt, key] = good.split('$');
    const malformed = [
      '',
      'pw',
      'scrypt',
      good.slice(0, -1), // padding removed: not canonical base64
      `${good}$`,
      `bcrypt$N=16384,r=8,p=1$${salt}$${key}`,
      `scrypt$N=16384,r=8$${salt}$${key}`,
      `scrypt$N=16384,r=8,p=1$${salt}`,
      `scrypt$N=16385,r=8,p=1$${salt}$${key}`, // not a power of two
      `scrypt$N=1024,r=8,p=1$${salt}$${key}`, // too weak
      `scrypt$N=2097152,r=8,p=1$${salt}$${key}`, // N above 2^20
      `scrypt$N=1048576,r=8,p=1$${salt}$${key}`, // 1 GiB of memory
      `scrypt$N=16384,r=8,p=99$${salt}$${key}`,
      `scrypt$N=016384,r=8,p=1$${salt}$${key}`,
      `scrypt$N=16384,r=0,p=1$${salt}$${key}`,
      `scrypt$N=16384,r=8,p=1$AAAA$${key}`, // salt too short
      `scrypt$N=16384,r=8,p=1$${salt}$not*base64`,
    ];
    for (const hash of malformed) {
      assert.equal(isPasswordHash(hash), false, hash);
      assert.equal(await verifyPassword('pw', hash), false, hash);
    }
  });

  it('refuses to make a hash with parameters it would not accept', async () => {
    await assert.rejects(hashPassword('pw', { N: 1024, r: 8, p: 1 }), RangeError);
  });
});

describe('verifyAgainstDummy', () => {
  it('always fails, after doing the work of a real verification', async () => {
    const started = performance.now();
    assert.equal(await verifyAgainstDummy('anything'), false);
    const dummyMs = performance.now() - started;
    const hash = await hashPassword('anything');
    const realStarted = performance.now();
    await verifyPassword('wrong', hash);
    const realMs = performance.now() - realStarted;
    // Same parameters, same work: within a generous factor on a busy machine.
    assert.ok(dummyMs > realMs / 4, `dummy ${dummyMs} ms vs real ${realMs} ms`);
  });
});
