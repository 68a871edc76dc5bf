// Unit tests for the presence panel's pure parts: counts, labels, idle times and owner actions.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PresenceClient } from '../../shared/protocol.js';
import { clientActions, idleText, kindLabel, sizeText } from './presence.js';

const viewer: PresenceClient = { id: 'v1', kind: 'web', user: 'vic', role: 'viewer' };
const writer: PresenceClient = { id: 'w1', kind: 'web', user: 'wendy', role: 'writer' };
const owner: PresenceClient = { id: 'o1', kind: 'web', user: 'olga', role: 'owner' };
const native: PresenceClient = { id: 'native-42', kind: 'native', user: 'root', role: 'viewer' };
const asOwner = { clientId: 'o1', role: 'owner' } as const;

describe('labels', () => {
  it('tells browsers from tmux clients', () => {
    assert.equal(kindLabel('web'), 'browser');
    assert.equal(kindLabel('native'), 'tmux');
  });

  it('shows a size only when both halves are known', () => {
    assert.equal(sizeText({ ...writer, cols: 120, rows: 40 }), '120×40');
    assert.equal(sizeText({ ...writer, cols: 120 }), undefined);
    assert.equal(sizeText(writer), undefined);
  });

  it('says active under a minute, then the largest whole unit', () => {
    assert.equal(idleText(undefined), undefined);
    assert.equal(idleText(0), 'active');
    assert.equal(idleText(59), 'active');
    assert.equal(idleText(60), 'idle 1 min');
    assert.equal(idleText(3599), 'idle 59 min');
    assert.equal(idleText(3600), 'idle 1 h');
    assert.equal(idleText(2 * 86_400 + 5), 'idle 2 d');
  });
});

describe('clientActions', () => {
  it('offers nothing to writers and viewers', () => {
    for (const role of ['viewer', 'writer'] as const) {
      assert.deepEqual(clientActions(viewer, { clientId: 'x', role }), []);
    }
    assert.deepEqual(clientActions(viewer, { clientId: undefined, role: undefined }), []);
  });

  it('lets an owner promote a viewer, demote a writer and remove both', () => {
    assert.deepEqual(clientActions(viewer, asOwner), ['promote', 'kick']);
    assert.deepEqual(clientActions(writer, asOwner), ['demote', 'kick']);
  });

  it('puts an open write request first', () => {
    assert.deepEqual(clientActions({ ...viewer, wantsWrite: true }, asOwner), [
      'approve',
      'deny',
      'promote',
      'kick',
    ]);
  });

  it("never changes an owner's role, and never removes the owner's own connection", () => {
    assert.deepEqual(clientActions(owner, asOwner), []);
    assert.deepEqual(clientActions({ ...owner, id: 'o2' }, asOwner), ['kick']);
  });

  it('only removes native clients (their role is set in tmux)', () => {
    assert.deepEqual(clientActions(native, asOwner), ['kick']);
    assert.deepEqual(clientActions({ ...native, role: 'writer' }, asOwner), ['kick']);
  });
});
