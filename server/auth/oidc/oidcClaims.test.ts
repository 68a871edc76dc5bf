import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LOGIN_GROUPS } from '../../config/principalNames.js';
import { MAX_CLAIMED_GROUPS, identityFromClaims } from './oidcClaims.js';

const NAMES = { usernameClaim: 'preferred_username', groupsClaim: 'groups' };
const REFERENCED = new Set(['sre', '/org/leads', 'org:team']);

describe('identityFromClaims', () => {
  it('takes the name and keeps the groups access maps name, sorted', () => {
    const outcome = identityFromClaims(
      { sub: '1', preferred_username: 'alice', groups: ['sre', 'dev', '/org/leads', 'sre'] },
      NAMES,
      REFERENCED,
    );
    assert.deepEqual(outcome, {
      ok: true,
      identity: { name: 'alice', kind: 'oidc', admin: false, groups: ['/org/leads', 'sre'] },
      droppedGroups: 0,
    });
  });

  it('reads other claim names, a single group string, and no groups at all', () => {
    const names = { usernameClaim: 'email', groupsClaim: 'https://example.com/roles' };
    const single = identityFromClaims(
      { email: 'bo@example.com', 'https://example.com/roles': 'org:team' },
      names,
      REFERENCED,
    );
    assert.deepEqual(single.ok && single.identity.groups, ['org:team']);
    const none = identityFromClaims({ email: 'bo@example.com' }, names, REFERENCED);
    assert.deepEqual(none.ok && none.identity.groups, []);
  });

  it('refuses a missing or invalid user name', () => {
    for (const claims of [
      {},
      { preferred_username: 42 },
      { preferred_username: '' },
      { preferred_username: 'al ice' },
      { preferred_username: 'al\u0000ice' },
      { preferred_username: 'x'.repeat(65) },
      { preferred_username: '__proto__' },
    ]) {
      assert.equal(identityFromClaims(claims, NAMES, REFERENCED).ok, false, JSON.stringify(claims));
    }
    const outcome = identityFromClaims({}, NAMES, REFERENCED);
    assert.deepEqual(outcome, {
      ok: false,
      reason: 'the provider sent no "preferred_username" claim',
    });
  });

  it('does not read a name from the prototype chain', () => {
    const outcome = identityFromClaims(
      {},
      { usernameClaim: 'constructor', groupsClaim: 'g' },
      REFERENCED,
    );
    assert.equal(outcome.ok, false);
  });

  it('refuses a groups claim that is not a bounded list of strings', () => {
    for (const groups of [
      { sre: true },
      ['sre', 7],
      12,
      Array(MAX_CLAIMED_GROUPS + 1).fill('sre'),
    ]) {
      const outcome = identityFromClaims({ preferred_username: 'a', groups }, NAMES, REFERENCED);
      assert.equal(outcome.ok, false);
    }
  });

  it('ignores groups with characters outside the group alphabet, and caps the count', () => {
    const many = Array.from(
      { length: MAX_LOGIN_GROUPS + 5 },
      (_, i) => `g${String(i).padStart(2, '0')}`,
    );
    const referenced = new Set([...many, 'bad group']);
    const outcome = identityFromClaims(
      { preferred_username: 'a', groups: [...many, 'bad group'] },
      NAMES,
      referenced,
    );
    assert.ok(outcome.ok);
    assert.equal(outcome.identity.groups?.length, MAX_LOGIN_GROUPS);
    assert.equal(outcome.droppedGroups, 5);
    assert.ok(!outcome.identity.groups?.includes('bad group'));
  });
});
