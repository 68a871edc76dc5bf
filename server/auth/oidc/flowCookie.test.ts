import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { FLOW_LIFETIME_SECONDS, FlowCookie } from './flowCookie.js';

const SECRET = Buffer.alloc(32, 7);
const FLOW = { code_verifier: 'v'.repeat(43), nonce: 'n'.repeat(43), state: 's'.repeat(43) };

function requestWith(setCookie: string): IncomingMessage {
  return { headers: { cookie: setCookie.split(';')[0] } } as IncomingMessage;
}

describe('FlowCookie', () => {
  it('carries a flow to the callback, HttpOnly, Lax, on /auth/oidc only', () => {
    const cookies = new FlowCookie(SECRET, { secure: true });
    const header = cookies.header(FLOW);
    assert.match(header, /; Path=\/auth\/oidc; HttpOnly; SameSite=Lax; Max-Age=600; Secure$/);
    assert.deepEqual(cookies.read(requestWith(header)), FLOW);
  });

  it('refuses a flow signed with another secret, tampered with, or expired', () => {
    const clock = { now: 1_000_000 };
    const cookies = new FlowCookie(SECRET, { secure: false }, () => clock.now);
    const header = cookies.header(FLOW);
    const other = new FlowCookie(Buffer.alloc(32, 8), { secure: false }, () => clock.now);
    assert.equal(other.read(requestWith(header)), undefined);
    const [name, value = ''] = header.split(';')[0]!.split('=');
    const [body = '', mac = ''] = value.split('.');
    const forged = Buffer.from(
      JSON.stringify({ flow: { ...FLOW, nonce: 'x' }, exp: 9e9 }),
    ).toString('base64url');
    assert.equal(cookies.read(requestWith(`${name}=${forged}.${mac}`)), undefined);
    assert.equal(cookies.read(requestWith(`${name}=${body}`)), undefined);
    assert.equal(cookies.read({ headers: {} } as IncomingMessage), undefined);
    clock.now += FLOW_LIFETIME_SECONDS * 1000;
    assert.equal(cookies.read(requestWith(header)), undefined);
  });

  it('clears itself', () => {
    assert.match(
      new FlowCookie(SECRET, { secure: false }).clearHeader(),
      /^tmuxgate_oidc=; .*Max-Age=0$/,
    );
  });

  it('accepts only the shape openid-client stores', () => {
    assert.deepEqual(FlowCookie.parse(FLOW), FLOW);
    assert.equal(FlowCookie.parse({ ...FLOW, extra: 1 }), undefined);
    assert.equal(FlowCookie.parse({ nonce: 'n' }), undefined);
    assert.equal(FlowCookie.parse('x'), undefined);
  });
});
