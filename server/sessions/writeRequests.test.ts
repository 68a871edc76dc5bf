import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../auth/identity.js';
import { WRITE_REQUEST_INTERVAL_MS, WriteRequestCooldown } from './writeRequests.js';

const alice: Identity = { name: 'alice', kind: 'local', admin: false };
const guestAlice: Identity = {
  name: 'alice',
  kind: 'guest',
  admin: false,
  guest: { linkId: 'l1', session: 'main', role: 'viewer' },
};

describe('WriteRequestCooldown', () => {
  it('lets one request per person per interval through', () => {
    let now = 1_000;
    const cooldown = new WriteRequestCooldown(() => now);
    assert.equal(cooldown.tryRequest(alice), true);
    now += WRITE_REQUEST_INTERVAL_MS - 1;
    assert.equal(cooldown.tryRequest({ ...alice }), false, 'the same person, another connection');
    now += 1;
    assert.equal(cooldown.tryRequest(alice), true, 'once the interval has passed');
  });

  it('tells a guest from the user of the same name, and guests of different links apart', () => {
    const cooldown = new WriteRequestCooldown(() => 0);
    assert.equal(cooldown.tryRequest(alice), true);
    assert.equal(cooldown.tryRequest(guestAlice), true);
    assert.equal(cooldown.tryRequest(guestAlice), false);
    const otherLink = { ...guestAlice, guest: { ...guestAlice.guest!, linkId: 'l2' } };
    assert.equal(cooldown.tryRequest(otherLink), true);
  });
});
