// Unit tests for OpenLogins: which watched sockets end, when, and that each ends once.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SignedLogin } from './loginCookie.js';
import { OpenLogins } from './openLogins.js';

/** Short, so a test waits for a few checks; waits below are generous multiples of it. */
const CHECK_MS = 20;
const WAIT_MS = 10_000;

function login(id: string): SignedLogin {
  return { id, expiresAt: Number.MAX_SAFE_INTEGER, claims: { via: 'oidc', name: id } };
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, CHECK_MS));
}

describe('OpenLogins', () => {
  it('ends every socket of a revoked login at once, and only those', () => {
    const open = new OpenLogins(() => true, CHECK_MS);
    const ended: string[] = [];
    open.watch(login('a'), () => ended.push('a1'));
    open.watch(login('a'), () => ended.push('a2'));
    const stopB = open.watch(login('b'), () => ended.push('b'));
    open.revoked('a');
    open.revoked('a');
    assert.deepEqual(ended, ['a1', 'a2']);
    assert.equal(open.size, 1);
    stopB();
    assert.equal(open.size, 0);
  });

  it('ends a socket once its login stops being valid, at a later check', async () => {
    const invalid = new Set<string>();
    const open = new OpenLogins((l) => !invalid.has(l.id), CHECK_MS);
    const ended: string[] = [];
    const stop = open.watch(login('a'), () => ended.push('a'));
    open.watch(login('b'), () => ended.push('b'));
    invalid.add('b');
    await until(() => ended.length > 0);
    assert.deepEqual(ended, ['b']);
    stop();
    assert.equal(open.size, 0, 'nothing watched, no timer left running');
  });
});
