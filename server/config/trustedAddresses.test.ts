import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr, TrustedProxies } from './trustedAddresses.js';

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks and single addresses', () => {
    assert.deepEqual(parseCidr('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    assert.deepEqual(parseCidr('fd00::/8'), { address: 'fd00::', prefix: 8, family: 'ipv6' });
    assert.deepEqual(parseCidr('127.0.0.1'), { address: '127.0.0.1', prefix: 32, family: 'ipv4' });
    assert.deepEqual(parseCidr('::1'), { address: '::1', prefix: 128, family: 'ipv6' });
  });

  it('refuses garbage, bad prefixes and blocks that trust everyone', () => {
    for (const text of ['', 'localhost', '10.0.0/8', '10.0.0.0/8/8', '10.0.0.0/x', '10.0.0.0/-1']) {
      assert.ok('error' in parseCidr(text), text);
    }
    assert.match((parseCidr('10.0.0.0/33') as { error: string }).error, /1 to 32/);
    assert.match((parseCidr('::/129') as { error: string }).error, /1 to 128/);
    assert.match((parseCidr('0.0.0.0/0') as { error: string }).error, /every address/);
    assert.match((parseCidr('::/0') as { error: string }).error, /every address/);
  });

  it('marks only a /0 block as trusting everyone', () => {
    for (const text of ['0.0.0.0/0', '::/0', '10.0.0.0/00']) {
      assert.deepEqual(parseCidr(text), {
        error: 'a /0 block trusts every address; list only your proxy’s addresses',
        everyone: true,
      });
    }
    for (const text of ['10.0.0.0/33', '10.0.0.0/x', 'nonsense']) {
      assert.equal('everyone' in parseCidr(text), false, text);
    }
  });
});

describe('TrustedProxies', () => {
  it('matches IPv4 peers inside the blocks only', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8', '192.168.1.7']);
    assert.equal(trusted.trusts('10.200.3.4'), true);
    assert.equal(trusted.trusts('192.168.1.7'), true);
    assert.equal(trusted.trusts('192.168.1.8'), false);
    assert.equal(trusted.trusts('11.0.0.1'), false);
  });

  it('matches IPv4-mapped IPv6 peers against IPv4 blocks', () => {
    const trusted = new TrustedProxies(['127.0.0.1/32']);
    assert.equal(trusted.trusts('::ffff:127.0.0.1'), true);
    assert.equal(trusted.trusts('::ffff:7f00:1'), true);
    assert.equal(trusted.trusts('::ffff:127.0.0.2'), false);
    assert.equal(trusted.trusts('127.0.0.1'), true);
  });

  it('matches IPv6 peers, zone ids included, and never IPv4 ones against IPv6 blocks', () => {
    const trusted = new TrustedProxies(['fd00::/8', '::1']);
    assert.equal(trusted.trusts('fd12:3456::1'), true);
    assert.equal(trusted.trusts('::1'), true);
    assert.equal(trusted.trusts('fe80::1%eth0'), false);
    assert.equal(trusted.trusts('fe00::1'), false);
    assert.equal(trusted.trusts('127.0.0.1'), false);
  });

  it('matches IPv4 peers against ::ffff: blocks, and mapped peers in any spelling', () => {
    const trusted = new TrustedProxies(['::ffff:10.0.0.0/104']);
    assert.equal(trusted.trusts('10.1.2.3'), true);
    assert.equal(trusted.trusts('::ffff:10.1.2.3'), true);
    assert.equal(trusted.trusts('::FFFF:10.1.2.3'), true);
    assert.equal(trusted.trusts('::ffff:a01:203'), true);
    assert.equal(trusted.trusts('11.0.0.1'), false);
    assert.equal(trusted.trusts('::ffff:11.0.0.1'), false);
  });

  it('strips a zone only from an IPv6 address: an IPv4 one with a zone is no address', () => {
    const trusted = new TrustedProxies(['fe80::/10', '10.0.0.0/8']);
    assert.equal(trusted.trusts('fe80::1%eth0'), true);
    assert.equal(trusted.trusts('10.0.0.1'), true);
    assert.equal(trusted.trusts('10.0.0.1%eth0'), false);
    assert.equal(trusted.trusts('10.0.0.1%'), false);
  });

  it('trusts nothing that is not an address', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8']);
    assert.equal(trusted.trusts(undefined), false);
    assert.equal(trusted.trusts(''), false);
    assert.equal(trusted.trusts('10.0.0.1, 1.2.3.4'), false);
  });

  it('refuses a block the config would have refused', () => {
    assert.throws(() => new TrustedProxies(['0.0.0.0/0']), /every address/);
  });
});
