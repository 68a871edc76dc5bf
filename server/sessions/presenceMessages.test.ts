import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PUBLIC_PRESENCE_LIMIT,
  decodeServerMessage,
  type PresenceClient,
  type ServerMessage,
} from '../../shared/protocol.js';
import { presenceMessages } from './presence.js';

function client(id: number, role: PresenceClient['role']): PresenceClient {
  return { id: `c${id}`, kind: 'web', user: `u${id}`, role, cols: 80, rows: 24, idleSeconds: 3 };
}

function decoded(text: string): Extract<ServerMessage, { type: 'presence' }> {
  const result = decodeServerMessage(text);
  assert.ok(result.ok && result.message.type === 'presence');
  return result.message;
}

test('owners get every client with every detail; both carry the counts of everyone', () => {
  const clients = [
    ...Array.from({ length: 300 }, (_, i) => client(i, 'viewer')),
    client(900, 'writer'),
    client(901, 'owner'),
  ];
  const { full, reduced } = presenceMessages(clients);
  const owners = decoded(full);
  assert.equal(owners.clients.length, 302);
  assert.equal(owners.clients[0]?.idleSeconds, 3);
  for (const message of [owners, decoded(reduced)]) {
    assert.equal(message.total, 302);
    assert.equal(message.viewers, 300);
  }
});

test('everyone else gets a capped list, writers first, without owner-only details', () => {
  const clients = [
    ...Array.from({ length: 300 }, (_, i) => client(i, 'viewer')),
    client(900, 'writer'),
  ];
  const others = decoded(presenceMessages(clients).reduced);
  assert.equal(others.clients.length, PUBLIC_PRESENCE_LIMIT);
  assert.equal(others.clients[0]?.id, 'c900');
  assert.deepEqual(Object.keys(others.clients[1] ?? {}).sort(), ['id', 'kind', 'role', 'user']);
});

test('a small session is listed in full to everyone', () => {
  const others = decoded(presenceMessages([client(1, 'viewer'), client(2, 'writer')]).reduced);
  assert.deepEqual(
    others.clients.map((c) => c.id),
    ['c2', 'c1'],
  );
  assert.equal(others.total, 2);
});
