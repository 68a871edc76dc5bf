import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import type { AuditRecord } from '../audit.js';
import { createLogger } from '../log.js';
import { BadProxyIdentity, MAX_REMEMBERED_PROXY_IDENTITIES, ProxyLogin } from './proxyLogin.js';

function setup() {
  const records: AuditRecord[] = [];
  const logs: string[] = [];
  const login = new ProxyLogin(
    { userHeader: 'X-User', groupsHeader: 'X-Groups', trustedProxies: ['10.0.0.0/8'] },
    new Set(['sre']),
    { write: (record) => records.push(record), dispose: () => undefined },
    createLogger('debug', (line) => logs.push(line)),
  );
  const request = (remoteAddress: string, headers: Record<string, string>) =>
    ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;
  return { login, records, logs, request };
}

describe('ProxyLogin', () => {
  it('believes the headers only from a trusted peer', () => {
    const { login, request } = setup();
    assert.equal(login.identify(request('127.0.0.1', { 'x-user': 'dana' })), null);
    assert.equal(login.identify(request('::ffff:10.1.2.3', { 'x-user': 'dana' }))?.name, 'dana');
  });

  it('ignores even garbage from an untrusted peer, and refuses it from a trusted one', () => {
    const { login, request, logs } = setup();
    assert.equal(login.identify(request('192.0.2.1', { 'x-user': 'bad name' })), null);
    assert.equal(logs.length, 0);
    assert.throws(
      () => login.identify(request('10.0.0.1', { 'x-user': 'bad name' })),
      (error) => error instanceof BadProxyIdentity,
    );
    assert.match(logs[0] ?? '', /"event":"proxy_identity_refused"/);
  });

  it('audits an identity once, again when its groups change, and forgets the oldest', () => {
    const { login, request, records } = setup();
    const seen = (user: string, groups = '') =>
      login.identify(request('10.0.0.1', { 'x-user': user, 'x-groups': groups }));
    seen('dana');
    seen('dana');
    seen('dana', 'sre');
    assert.deepEqual(
      records.map((r) => [r.event, r.user, r.method]),
      [
        ['login', 'dana', 'proxy'],
        ['login', 'dana', 'proxy'],
      ],
    );
    for (let i = 0; i < MAX_REMEMBERED_PROXY_IDENTITIES; i++) seen(`u${i}`);
    const before = records.length;
    seen('dana');
    assert.equal(records.length, before + 1, 'forgotten, so audited again');
  });
});
