import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import {
  HostAllowList,
  hostOfHeader,
  isWildcardAddress,
  wildcardBindWarning,
} from './hostCheck.js';

const request = (host: string | undefined) => ({ headers: { host } }) as IncomingMessage;

describe('hostOfHeader', () => {
  it('reads names, addresses and IPv6 literals, with or without a port', () => {
    assert.equal(hostOfHeader('Tmux.Example.com:8443'), 'tmux.example.com');
    assert.equal(hostOfHeader('localhost.'), 'localhost');
    assert.equal(hostOfHeader('127.0.0.1:7681'), '127.0.0.1');
    assert.equal(hostOfHeader('[::1]:7681'), '::1');
    assert.equal(hostOfHeader('[::1]'), '::1');
  });

  it('refuses missing and malformed headers', () => {
    for (const header of [
      undefined,
      '',
      '::1',
      '[::1',
      '[evil]',
      'a:b',
      'host:',
      'h:123456',
      ':80',
    ])
      assert.equal(hostOfHeader(header), undefined, String(header));
  });
});

describe('HostAllowList', () => {
  it('answers to loopback names, the listen host, publicUrl and allowedHosts, on any port', () => {
    const hosts = new HostAllowList({
      publicUrl: 'https://tmux.example.com:8443',
      listenHost: '10.0.0.5',
      allowedHosts: ['Gateway.Internal', '[fd00::1]'],
    });
    for (const host of [
      'localhost:7681',
      '127.0.0.1:1',
      '[::1]:7681',
      '10.0.0.5:7681',
      'tmux.example.com',
      'tmux.example.com:8443',
      'gateway.internal',
      '[fd00::1]:80',
    ])
      assert.ok(hosts.allows(request(host)), host);
    for (const host of [
      'evil.example',
      'evil.example:7681',
      'example.com',
      'sub.localhost',
      undefined,
    ])
      assert.ok(!hosts.allows(request(host)), String(host));
  });

  it('on a wildcard bind knows only loopback, publicUrl and allowedHosts', () => {
    assert.ok(isWildcardAddress('0.0.0.0'));
    assert.ok(isWildcardAddress('::'));
    assert.ok(isWildcardAddress('[::]'));
    assert.ok(!isWildcardAddress('127.0.0.1'));
    const hosts = new HostAllowList({ listenHost: '0.0.0.0' });
    assert.ok(hosts.allows(request('127.0.0.1:7681')));
    assert.ok(!hosts.allows(request('0.0.0.0:7681')));
    assert.ok(!hosts.allows(request('192.168.1.5:7681')));
  });

  it('warns at start about a wildcard bind that names no host', () => {
    assert.match(wildcardBindWarning({ listenHost: '0.0.0.0' }) ?? '', /publicUrl or allowedHosts/);
    assert.match(wildcardBindWarning({ listenHost: '::', allowedHosts: [] }) ?? '', /421/);
    assert.equal(
      wildcardBindWarning({ listenHost: '0.0.0.0', allowedHosts: ['a.internal'] }),
      undefined,
    );
    assert.equal(
      wildcardBindWarning({ listenHost: '0.0.0.0', publicUrl: 'https://a.example' }),
      undefined,
    );
    assert.equal(wildcardBindWarning({ listenHost: '127.0.0.1' }), undefined);
  });
});
