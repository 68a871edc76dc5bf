import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_GROUPS_HEADER_CHARS, readProxyIdentity } from './proxyIdentity.js';

const CONFIG = { userHeader: 'X-Forwarded-User', groupsHeader: 'X-Forwarded-Groups' };
const REFERENCED = new Set(['sre', 'org:leads']);

describe('readProxyIdentity', () => {
  it('reads the user and keeps only the groups an access map names', () => {
    const reading = readProxyIdentity(
      { 'x-forwarded-user': 'alice@example.com', 'x-forwarded-groups': 'dev, sre ,org:leads,,x y' },
      CONFIG,
      REFERENCED,
    );
    assert.deepEqual(reading, {
      kind: 'identity',
      identity: {
        name: 'alice@example.com',
        kind: 'proxy',
        admin: false,
        groups: ['org:leads', 'sre'],
      },
    });
  });

  it('is absent without the user header, and has no groups without a groups header', () => {
    assert.deepEqual(readProxyIdentity({}, CONFIG, REFERENCED), { kind: 'absent' });
    assert.deepEqual(readProxyIdentity({ 'x-forwarded-user': 'bob' }, CONFIG, REFERENCED), {
      kind: 'identity',
      identity: { name: 'bob', kind: 'proxy', admin: false, groups: [] },
    });
    assert.deepEqual(
      readProxyIdentity(
        { 'x-forwarded-user': 'bob' },
        { userHeader: 'X-Forwarded-User' },
        REFERENCED,
      ),
      { kind: 'identity', identity: { name: 'bob', kind: 'proxy', admin: false } },
    );
  });

  it('refuses names that are not user names: empty, spaces, controls, non-ASCII, repeats, oversize', () => {
    for (const name of [
      '',
      'al ice',
      'al\tice',
      'al\u0001ice',
      'Ã©lise',
      'a, b',
      'x'.repeat(65),
      '*',
      '__proto__',
    ]) {
      const reading = readProxyIdentity({ 'x-forwarded-user': name }, CONFIG, REFERENCED);
      assert.equal(reading.kind, 'invalid', JSON.stringify(name));
    }
    const repeated = readProxyIdentity({ 'x-forwarded-user': ['a', 'b'] }, CONFIG, REFERENCED);
    assert.equal(repeated.kind, 'invalid');
  });

  it('refuses a groups header with control characters or past its size', () => {
    const headers = (groups: string) => ({
      'x-forwarded-user': 'bob',
      'x-forwarded-groups': groups,
    });
    assert.equal(readProxyIdentity(headers('sre\u0000'), CONFIG, REFERENCED).kind, 'invalid');
    assert.equal(readProxyIdentity(headers('sre\tdev'), CONFIG, REFERENCED).kind, 'invalid');
    const long = 'g,'.repeat(MAX_GROUPS_HEADER_CHARS / 2 + 1);
    assert.equal(readProxyIdentity(headers(long), CONFIG, REFERENCED).kind, 'invalid');
  });
});
