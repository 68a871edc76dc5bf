import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { roleFor } from './access.js';
import type { SessionConfig } from '../config/gatewayConfig.js';

const session: SessionConfig = {
  name: 'incident',
  socket: '/tmp/x.sock',
  target: 'work',
  create: false,
  access: { alice: 'owner', bob: 'writer', '*': 'viewer' },
};
const user = (name: string, admin = false) => ({ name, kind: 'local' as const, admin });

describe('roleFor', () => {
  it('gives named users their role and everyone else the "*" role', () => {
    assert.equal(roleFor(session, user('alice')), 'owner');
    assert.equal(roleFor(session, user('bob')), 'writer');
    assert.equal(roleFor(session, user('carol')), 'viewer');
  });

  it('makes admins owners of every session', () => {
    assert.equal(roleFor({ ...session, access: {} }, user('root', true)), 'owner');
  });

  it('refuses users not in a map without "*"', () => {
    assert.equal(roleFor({ ...session, access: { alice: 'writer' } }, user('mallory')), undefined);
  });

  it('takes the stronger of a named role and the "*" role', () => {
    assert.equal(
      roleFor({ ...session, access: { dave: 'viewer', '*': 'writer' } }, user('dave')),
      'writer',
    );
  });

  it('gives a guest exactly its link role on its one session and nothing elsewhere', () => {
    const guest = {
      name: 'alice',
      kind: 'guest' as const,
      admin: false,
      guest: { linkId: 'l1', session: 'incident', role: 'viewer' as const },
    };
    assert.equal(roleFor(session, guest), 'viewer', 'not the owner role of the user "alice"');
    assert.equal(roleFor({ ...session, name: 'other' }, guest), undefined);
    assert.equal(
      roleFor(session, { ...guest, admin: true }),
      'viewer',
      'a guest is never an admin',
    );
  });

  it('is not fooled by names of Object.prototype properties', () => {
    assert.equal(roleFor({ ...session, access: {} }, user('constructor')), undefined);
    assert.equal(roleFor({ ...session, access: {} }, user('__proto__')), undefined);
  });
});

describe('roleFor with groups', () => {
  const grouped: SessionConfig = {
    ...session,
    access: { 'group:sre': 'writer', 'group:org:leads': 'owner', '*': 'viewer', erin: 'viewer' },
  };
  const member = (name: string, groups: string[]) => ({
    name,
    kind: 'oidc' as const,
    admin: false,
    groups,
  });

  it('gives a member of a group that group’s role', () => {
    assert.equal(roleFor(grouped, member('frank', ['sre'])), 'writer');
    assert.equal(roleFor(grouped, member('gina', ['org:leads'])), 'owner');
  });

  it('takes the strongest of name, groups and "*"', () => {
    assert.equal(roleFor(grouped, member('erin', ['sre'])), 'writer', 'group beats own name');
    assert.equal(roleFor(grouped, member('erin', ['sre', 'org:leads'])), 'owner');
    assert.equal(roleFor(grouped, member('hal', ['marketing'])), 'viewer', 'only "*"');
  });

  it('refuses someone whose groups are not in a map without "*"', () => {
    const closed = { ...session, access: { 'group:sre': 'writer' as const } };
    assert.equal(roleFor(closed, member('ivan', ['dev'])), undefined);
    assert.equal(roleFor(closed, member('ivan', [])), undefined);
    assert.equal(roleFor(closed, { name: 'sre', kind: 'local', admin: false }), undefined);
  });

  it('never lets a guest’s groups widen its link role', () => {
    const guest = {
      ...member('jo', ['org:leads']),
      kind: 'guest' as const,
      guest: { linkId: 'l1', session: 'incident', role: 'viewer' as const },
    };
    assert.equal(roleFor(grouped, guest), 'viewer');
  });
});
