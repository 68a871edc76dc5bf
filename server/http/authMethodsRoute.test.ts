// Unit test: what /api/auth/methods says for each way a configuration lets people in.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authSchema } from '../config/auth.js';
import type { UserConfig } from '../config/gatewayConfig.js';
import { authMethodsOf } from './authMethodsRoute.js';

const ALICE: UserConfig = { name: 'alice', passwordHash: 'unused', admin: false };
const OIDC = { issuer: 'https://idp.example.com', clientId: 'gw', clientSecret: 's' };
const PROXY = { userHeader: 'X-User', trustedProxies: ['10.0.0.0/8'] };

describe('authMethodsOf', () => {
  it('says the embedded default (no users, no SSO, no proxy) signs in by one-time link', () => {
    assert.deepEqual(authMethodsOf({ auth: authSchema.parse({}), users: [] }), {
      local: false,
      proxyOnly: false,
      oneTimeLink: true,
    });
  });

  it('offers the password form only when password users exist', () => {
    assert.deepEqual(authMethodsOf({ auth: authSchema.parse({}), users: [ALICE] }), {
      local: true,
      proxyOnly: false,
      oneTimeLink: false,
    });
  });

  it('names the OpenID provider, with or without password users', () => {
    const auth = authSchema.parse({ local: false, oidc: { ...OIDC, displayName: 'Corp' } });
    assert.deepEqual(authMethodsOf({ auth, users: [] }), {
      local: false,
      oidc: { name: 'Corp' },
      proxyOnly: false,
      oneTimeLink: false,
    });
    const both = authMethodsOf({ auth: authSchema.parse({ oidc: OIDC }), users: [ALICE] });
    assert.deepEqual(both.oidc, { name: 'idp.example.com' });
    assert.equal(both.local, true);
  });

  it('says proxy only when nothing else signs people in', () => {
    const proxyOnly = authMethodsOf({ auth: authSchema.parse({ proxy: PROXY }), users: [] });
    assert.deepEqual(proxyOnly, { local: false, proxyOnly: true, oneTimeLink: false });
    const withUsers = authMethodsOf({ auth: authSchema.parse({ proxy: PROXY }), users: [ALICE] });
    assert.deepEqual(withUsers, { local: true, proxyOnly: false, oneTimeLink: false });
  });
});
