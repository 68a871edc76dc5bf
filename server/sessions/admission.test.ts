import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, type LimitsConfig } from '../config/gatewayConfig.js';
import { ConnectionTally, admissionRefusal, reservedOf } from './admission.js';

const limits: LimitsConfig = {
  ...DEFAULT_LIMITS,
  clientsPerSession: 20,
  totalClients: 100,
  clientsPerLogin: 5,
  clientsPerAddress: 8,
  reservedClientsPerSession: 4,
};
const none = { session: 0, total: 0, login: 0, address: 0 };

describe('admissionRefusal', () => {
  it('keeps the last places of a session for its own writers and owners', () => {
    assert.equal(admissionRefusal(limits, { ...none, session: 15 }, false), undefined);
    assert.equal(admissionRefusal(limits, { ...none, session: 16 }, false)?.status, 503);
    assert.equal(admissionRefusal(limits, { ...none, session: 19 }, true), undefined);
    assert.equal(admissionRefusal(limits, { ...none, session: 20 }, true)?.reason, 'capacity');
  });

  it('keeps places of the whole gateway the same way', () => {
    assert.equal(admissionRefusal(limits, { ...none, total: 96 }, false)?.status, 503);
    assert.equal(admissionRefusal(limits, { ...none, total: 96 }, true), undefined);
  });

  it('caps terminals per login and per address with 429, for everyone', () => {
    const login = admissionRefusal(limits, { ...none, login: 5 }, true);
    assert.deepEqual([login?.status, login?.reason], [429, 'login-limit']);
    const address = admissionRefusal(limits, { ...none, address: 8 }, true);
    assert.deepEqual([address?.status, address?.reason], [429, 'address-limit']);
    assert.equal(admissionRefusal(limits, { ...none, login: 4, address: 7 }, false), undefined);
  });

  it('never keeps back more than half the places', () => {
    assert.equal(reservedOf(2, 10), 1);
    assert.equal(reservedOf(500, 10), 10);
    assert.equal(reservedOf(1, 10), 0);
    const small = { ...limits, clientsPerSession: 2, reservedClientsPerSession: 10 };
    assert.equal(admissionRefusal(small, none, false), undefined, 'a viewer still gets in');
  });
});

describe('ConnectionTally', () => {
  it('counts open terminals per login and address and forgets closed ones', () => {
    const tally = new ConnectionTally();
    const closeA = tally.open('login-a', '10.0.0.1');
    const closeB = tally.open('login-a', '10.0.0.2');
    tally.open('login-b', '10.0.0.1');
    assert.deepEqual(tally.count('login-a', '10.0.0.1'), { login: 2, address: 2 });
    closeA();
    closeA();
    assert.deepEqual(tally.count('login-a', '10.0.0.1'), { login: 1, address: 1 });
    closeB();
    assert.deepEqual(tally.count('login-a', '10.0.0.2'), { login: 0, address: 0 });
    assert.equal(tally.size, 2, 'only what is still open is kept');
  });
});
