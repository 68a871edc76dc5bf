// OpenID Connect sign-in against a real provider (oidc-provider on a free port): the identity and
// roles from its claims, and every kind of tampered or refused answer turned away with an audit line.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import { LOGIN_FAILURES_PER_IP } from '../auth/rateLimiter.js';
import { startGateway, sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { CookieJar, oidcSignIn, type OidcSignInOptions } from './oidcBrowser.js';
import {
  OIDC_ACCOUNTS,
  OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET,
  OidcTestProvider,
} from './oidcProvider.js';
import { TestClient } from './testClient.js';
import { startTmux, type TmuxFixture } from './tmuxFixture.js';

const DISPLAY_NAME = 'Test IdP';

describe('OIDC sign-in', () => {
  let tmux: TmuxFixture;
  let provider: OidcTestProvider;
  let gw: GatewayFixture;

  before(async () => {
    tmux = await startTmux(['main']);
    provider = await OidcTestProvider.listen();
    gw = await startGateway(
      [sessionOn(tmux.socket, 'main', { access: { 'group:sre': 'writer', '*': 'viewer' } })],
      {
        auth: {
          local: true,
          oidc: {
            issuer: provider.issuer,
            clientId: OIDC_CLIENT_ID,
            clientSecret: OIDC_CLIENT_SECRET,
            scopes: ['openid', 'profile', 'email'],
            usernameClaim: 'preferred_username',
            groupsClaim: 'groups',
            displayName: DISPLAY_NAME,
          },
        },
      },
    );
    provider.register(`${gw.url}/auth/oidc/callback`);
  });

  after(async () => {
    await gw?.cleanup();
    await provider?.close();
    await tmux?.cleanup();
  });

  const api = (path: string, jar: CookieJar) => jar.fetch(`${gw.url}${path}`);

  /** A sign-in expected to be refused: 401 (or `status`), no login cookie, audit and log lines. */
  async function assertRefused(options: OidcSignInOptions, reason: string, status = 401) {
    const auditBefore = (await gw.audit()).length;
    const signIn = await oidcSignIn(gw.url, options);
    const { response } = signIn;
    // The browser that brought the answer: it must not come away signed in.
    const jar = options.callbackJar ?? signIn.jar;
    assert.equal(response.status, status);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await response.text(), /Sign-in failed/);
    assert.equal(jar.get('tmuxgate_login'), undefined, 'no login cookie');
    assert.equal(jar.get('tmuxgate_oidc'), undefined, 'the flow cookie is cleared');
    assert.equal((await api('/api/me', jar)).status, 401);
    const records = (await gw.audit()).slice(auditBefore);
    assert.deepEqual(
      records.map(({ event, method, reason: why }) => ({ event, method, reason: why })),
      [{ event: 'login-failed', method: 'oidc', reason }],
    );
    const logged = gw.logs.filter((line) => line.event === 'oidc_login_refused');
    assert.equal(logged.at(-1)?.reason, reason, JSON.stringify(logged.at(-1)));
  }

  it('tells the login page about itself', async () => {
    const response = await fetch(`${gw.url}/api/auth/methods`);
    // No password users here: only the provider's button.
    assert.deepEqual(await response.json(), {
      local: false,
      oidc: { name: DISPLAY_NAME },
      proxyOnly: false,
      oneTimeLink: false,
    });
  });

  it('signs in with PKCE, state and nonce: kind oidc, the name claim, roles from groups', async () => {
    const { response, jar, callbackUrl } = await oidcSignIn(gw.url, { login: 'sam' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/');
    assert.ok(callbackUrl.searchParams.get('state'), 'the provider echoed a state');
    assert.ok(jar.get('tmuxgate_login'));
    assert.deepEqual(await (await api('/api/me', jar)).json(), {
      name: 'sam',
      kind: 'oidc',
      admin: false,
    });
    const sessions = (await (await api('/api/sessions', jar)).json()) as Array<{ role: string }>;
    assert.equal(sessions[0]?.role, 'writer', 'group:sre is writer');
    const terminal = await TestClient.connect({
      url: gw.url,
      session: 'main',
      cookie: `tmuxgate_login=${jar.get('tmuxgate_login')}`,
    });
    try {
      const hello = await terminal.waitForMessage('hello');
      assert.equal(hello.role, 'writer');
      assert.equal(hello.user, 'sam');
    } finally {
      terminal.close();
    }
    const audit = await gw.audit();
    assert.ok(audit.some((r) => r.event === 'login' && r.user === 'sam' && r.method === 'oidc'));
  });

  it('re-evaluates roles from the groups at each sign-in', async () => {
    const first = await oidcSignIn(gw.url, { login: 'vera' });
    assert.equal(first.response.status, 303);
    const before = (await (await api('/api/sessions', first.jar)).json()) as Array<{
      role: string;
    }>;
    assert.equal(before[0]?.role, 'viewer', 'only "*"');
    const vera = OIDC_ACCOUNTS.vera!;
    vera.groups = ['sre'];
    try {
      const second = await oidcSignIn(gw.url, { login: 'vera' });
      assert.equal(second.response.status, 303);
      const now = (await (await api('/api/sessions', second.jar)).json()) as Array<{
        role: string;
      }>;
      assert.equal(now[0]?.role, 'writer', 'the new group counts from this sign-in on');
    } finally {
      vera.groups = ['everyone'];
    }
  });

  it('refuses a wrong state', async () => {
    await assertRefused(
      {
        login: 'sam',
        tamperCallback: (url) => url.searchParams.set('state', client.randomState()),
      },
      'state',
    );
  });

  it('refuses a missing state', async () => {
    await assertRefused(
      { login: 'sam', tamperCallback: (url) => url.searchParams.delete('state') },
      'state',
    );
  });

  it('refuses an answer brought by a browser that did not start the sign-in', async () => {
    await assertRefused({ login: 'sam', callbackJar: new CookieJar() }, 'state');
  });

  it('refuses an ID token with the wrong nonce', async () => {
    await assertRefused(
      {
        login: 'sam',
        tamperAuthorization: (url) => url.searchParams.set('nonce', client.randomNonce()),
      },
      'nonce',
    );
  });

  it('refuses a code whose PKCE challenge was swapped on the way', async () => {
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    await assertRefused(
      {
        login: 'sam',
        tamperAuthorization: (url) => url.searchParams.set('code_challenge', challenge),
      },
      'token-refused',
    );
  });

  it('refuses a forged code', async () => {
    await assertRefused(
      {
        login: 'sam',
        tamperCallback: (url) =>
          url.searchParams.set('code', randomBytes(32).toString('base64url')),
      },
      'token-refused',
    );
  });

  it('refuses when the provider answers with an error', async () => {
    await assertRefused({ login: 'sam', abort: true }, 'provider-error');
  });

  it('refuses a user name claim that is not a valid user name', async () => {
    await assertRefused({ login: 'odd' }, 'claims');
  });

  it('refuses to replay an answer that already signed someone in', async () => {
    const { callbackUrl, jar } = await oidcSignIn(gw.url, { login: 'sam' });
    const replay = await new CookieJar().fetch(callbackUrl);
    assert.equal(replay.status, 401);
    const sameBrowser = await jar.fetch(callbackUrl);
    assert.equal(sameBrowser.status, 401, 'the flow cookie went with the first use');
  });

  it('never starts a sign-in from the callback, and ignores garbage there', async () => {
    for (const query of ['', '?code=x', '?state=%00&code=%ff', `?error=${'e'.repeat(5000)}`]) {
      const response = await fetch(`${gw.url}/auth/oidc/callback${query}`, { redirect: 'manual' });
      assert.equal(response.status, 401, query.slice(0, 20));
      assert.equal(
        response.headers.getSetCookie().filter((c) => c.startsWith('tmuxgate_login=')).length,
        0,
      );
    }
    assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
  });

  // Last: it uses up this address's allowance of failures.
  it('limits refused callbacks per address (429 with Retry-After, audited)', async () => {
    let status = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i <= LOGIN_FAILURES_PER_IP.maxFailures && status !== 429; i++) {
      const response = await fetch(`${gw.url}/auth/oidc/callback?code=x&state=y`);
      status = response.status;
      retryAfter = response.headers.get('retry-after');
    }
    assert.equal(status, 429);
    assert.ok(Number(retryAfter) > 0);
    const audit = await gw.audit();
    assert.ok(audit.some((r) => r.event === 'login-rate-limited'));
  });
});
