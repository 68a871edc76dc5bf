import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { clientAddress, compileProxyTrust, isHttpsRequest } from './proxyTrust.js';

function request(peer: string, headers: Record<string, string> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe('compileProxyTrust', () => {
  it('trusts nobody when the setting is absent or empty', () => {
    for (const entries of [undefined, []]) {
      const trust = compileProxyTrust(entries);
      assert.equal(trust('127.0.0.1'), false);
      assert.equal(trust('::1'), false);
    }
  });

  it('matches addresses and CIDR ranges of both families, IPv4-mapped IPv6 included', () => {
    const trust = compileProxyTrust(['10.0.0.0/8', '192.168.1.5', 'fd00::/8', '::1']);
    assert.equal(trust('10.200.3.4'), true);
    assert.equal(trust('::ffff:10.200.3.4'), true);
    assert.equal(trust('11.0.0.1'), false);
    assert.equal(trust('192.168.1.5'), true);
    assert.equal(trust('192.168.1.6'), false);
    assert.equal(trust('fd12:3456::1'), true);
    assert.equal(trust('fe80::1'), false);
    assert.equal(trust('::1'), true);
  });

  it('matches mapped peers in the spellings a dual-stack socket may use, and the reverse', () => {
    const trust = compileProxyTrust(['10.0.0.0/8', '::ffff:192.168.0.0/112']);
    assert.equal(trust('::ffff:a0a:a0a'), true);
    assert.equal(trust('::FFFF:10.1.2.3'), true);
    assert.equal(trust('192.168.4.5'), true);
    assert.equal(trust('192.169.4.5'), false);
  });

  it('trusts no IPv4 address with a zone, as auth.proxy.trustedProxies does not', () => {
    const trust = compileProxyTrust(['10.0.0.0/8', 'fe80::/10']);
    assert.equal(trust('10.0.0.1%eth0'), false);
    assert.equal(trust('fe80::1%eth0'), true);
  });
});

describe('clientAddress', () => {
  const trust = compileProxyTrust(['127.0.0.1', '10.0.0.0/8']);

  it('is the peer when the peer is not a trusted proxy, whatever it claims', () => {
    assert.equal(
      clientAddress(request('198.51.100.9', { 'x-forwarded-for': '1.2.3.4' }), trust),
      '198.51.100.9',
    );
  });

  it('walks X-Forwarded-For from the nearest hop while the hops are trusted', () => {
    const chain = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.1.1.1' };
    assert.equal(clientAddress(request('127.0.0.1', chain), trust), '203.0.113.7');
    assert.equal(clientAddress(request('127.0.0.1'), trust), '127.0.0.1', 'no header: the proxy');
    assert.equal(
      clientAddress(request('127.0.0.1', { 'x-forwarded-for': '10.0.0.2' }), trust),
      '10.0.0.2',
    );
  });
});

describe('isHttpsRequest', () => {
  const trust = compileProxyTrust(['127.0.0.1']);

  it('believes X-Forwarded-Proto only from a trusted proxy, and only its first value', () => {
    assert.equal(
      isHttpsRequest(request('127.0.0.1', { 'x-forwarded-proto': 'https' }), trust),
      true,
    );
    assert.equal(
      isHttpsRequest(request('127.0.0.1', { 'x-forwarded-proto': 'HTTPS, http' }), trust),
      true,
    );
    assert.equal(
      isHttpsRequest(request('127.0.0.1', { 'x-forwarded-proto': 'http, https' }), trust),
      false,
    );
    assert.equal(isHttpsRequest(request('127.0.0.1'), trust), false);
    assert.equal(
      isHttpsRequest(request('198.51.100.9', { 'x-forwarded-proto': 'https' }), trust),
      false,
    );
  });
});
