// A real OpenID provider for tests (the oidc-provider package, not a mock) on a free loopback
// port, with one registered client, test accounts with groups, and its dev login pages. Started
// in two steps: listen() first (the gateway's config needs the issuer), then register(redirectUri)
// once the gateway's callback URL is known.

import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Account, type OidcContext } from 'oidc-provider';

export const OIDC_CLIENT_ID = 'tmuxgate-test';
export const OIDC_CLIENT_SECRET = 'a-test-client-secret-of-reasonable-length';

/** Test accounts: the login typed at the provider's dev page → the claims it returns. */
export const OIDC_ACCOUNTS: Record<string, { preferred_username: string; groups: string[] }> = {
  sam: { preferred_username: 'sam', groups: ['sre', 'everyone'] },
  vera: { preferred_username: 'vera', groups: ['everyone'] },
  /** An account whose user name the gateway must refuse (a space). */
  odd: { preferred_username: 'odd one', groups: ['sre'] },
};

/** Scopes the gateway asks for by default; the provider's dev consent is skipped for them. */
const GRANTED_SCOPES = 'openid profile email';

/** Lifetimes of the provider's artifacts: a test is over long before. */
const TTL_SECONDS = 10 * 60;
const TTLS = Object.fromEntries(
  ['Interaction', 'Grant', 'Session', 'AccessToken', 'IdToken', 'AuthorizationCode'].map((name) => [
    name,
    TTL_SECONDS,
  ]),
);

/** The smallest RSA key oidc-provider accepts; generating it takes a fraction of a second. */
const RSA_KEY_BITS = 2048;

/** A fresh signing key per provider (instead of oidc-provider's shared development key). */
function signingKeys(): { keys: object[] } {
  // RS256: what clients get unless they register another algorithm.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: RSA_KEY_BITS });
  return { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig' }] };
}

export class OidcTestProvider {
  private constructor(
    private readonly server: Server,
    readonly issuer: string,
  ) {}

  /** Listens on a free loopback port; answers 503 until register(). */
  static async listen(): Promise<OidcTestProvider> {
    const server = createServer((_req, res) => {
      res.statusCode = 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new OidcTestProvider(server, `http://127.0.0.1:${port}`);
  }

  /** Registers the test client with `redirectUri` and starts answering as the provider. */
  register(redirectUri: string): void {
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: OIDC_CLIENT_ID,
          client_secret: OIDC_CLIENT_SECRET,
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: { openid: ['sub'], profile: ['preferred_username', 'groups'], email: ['email'] },
      findAccount: (_ctx, id) => Promise.resolve(account(id)),
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      cookies: { keys: ['test-cookie-signing-key-not-secret'] },
      jwks: signingKeys(),
      ttl: TTLS,
      // A first-party client: the consent page is skipped, only the login page is shown.
      loadExistingGrant: async (ctx: OidcContext) => {
        const clientId = ctx.oidc.client?.clientId;
        const accountId = ctx.oidc.session?.accountId;
        if (clientId === undefined || accountId === undefined) return undefined;
        const grant = new ctx.oidc.provider.Grant({ clientId, accountId });
        grant.addOIDCScope(GRANTED_SCOPES);
        grant.addOIDCClaims(['preferred_username', 'groups', 'email']);
        await grant.save();
        return grant;
      },
    });
    this.server.removeAllListeners('request');
    this.server.on('request', provider.callback());
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

function account(id: string): Account | undefined {
  const claims = OIDC_ACCOUNTS[id];
  if (!Object.hasOwn(OIDC_ACCOUNTS, id) || !claims) return undefined;
  return {
    accountId: id,
    claims: () => ({ sub: id, email: `${id}@example.com`, ...claims }),
  };
}
