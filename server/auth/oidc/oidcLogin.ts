// Sign-in through an OpenID Connect provider with openid-client's passport strategy: the provider
// is discovered on first use, the flow is the authorization code flow with PKCE, state and nonce,
// and the identity comes from the ID token's claims, completed by the userinfo endpoint.

import type { Request } from 'express';
import * as client from 'openid-client';
import {
  Strategy,
  type AuthenticateOptions,
  type StrategyOptions,
  type VerifyFunction,
} from 'openid-client/passport';
import { OIDC_LOGIN_PATH } from '../../../shared/authMethods.js';
import type { OidcConfig } from '../../config/gatewayConfig.js';
import type { Logger } from '../../log.js';
import { identityFromClaims, type ClaimsOutcome } from './oidcClaims.js';

export { OIDC_LOGIN_PATH };
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
/** Where the strategy keeps its flow state in `req.session` (see oidcRoutes.ts: a cookie). */
export const FLOW_SESSION_KEY = 'oidc';
/** A provider request (discovery, token, userinfo) slower than this fails the sign-in. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/**
 * openid-client's strategy sends only PKCE to providers that support it; this one always adds
 * state and nonce too, takes URLs from the configured base (never the Host header), and starts a
 * sign-in only at the login route, so anything arriving at the callback is checked as a response.
 */
class PkceStateNonceStrategy extends Strategy {
  constructor(
    private readonly base: string,
    options: StrategyOptions,
    verify: VerifyFunction,
  ) {
    super(options, verify);
  }

  override authorizationRequestParams<TOptions extends AuthenticateOptions>(
    req: Request,
    options: TOptions,
  ): URLSearchParams {
    const params = new URLSearchParams(super.authorizationRequestParams(req, options));
    params.set('state', client.randomState());
    params.set('nonce', client.randomNonce());
    return params;
  }

  override currentUrl(req: Request): URL {
    return new URL(req.originalUrl, this.base);
  }

  override shouldInitiateAuthRequest(_req: Request, currentUrl: URL): boolean {
    return currentUrl.pathname === OIDC_LOGIN_PATH;
  }
}

/** Why the verify step refused a sign-in whose tokens were valid (passed to passport as `info`). */
export interface ClaimsRefusal {
  reason: 'claims';
  message: string;
}

export class OidcLogin {
  private strategy: Promise<Strategy> | undefined;

  constructor(
    private readonly settings: OidcConfig,
    private readonly clientSecret: string,
    private readonly referencedGroups: ReadonlySet<string>,
    /** The gateway's public base URL (publicUrl, or the listening address). */
    private readonly baseUrl: () => string,
    private readonly log: Logger,
  ) {}

  /** The redirect URI to register at the provider. */
  callbackUrl(): string {
    return `${this.baseUrl()}${OIDC_CALLBACK_PATH}`;
  }

  /** The strategy, discovering the provider on first use (and again after a failed discovery). */
  ready(): Promise<Strategy> {
    this.strategy ??= this.createStrategy().catch((error: unknown) => {
      this.strategy = undefined;
      throw error;
    });
    return this.strategy;
  }

  private async createStrategy(): Promise<Strategy> {
    const issuer = new URL(this.settings.issuer);
    const config = await client.discovery(
      issuer,
      this.settings.clientId,
      undefined,
      client.ClientSecretBasic(this.clientSecret),
      {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // The config accepts http only for a provider on loopback (isIssuerUrl).
        execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      },
    );
    this.log.info('oidc_provider_discovered', { issuer: config.serverMetadata().issuer });
    return new PkceStateNonceStrategy(
      this.baseUrl(),
      {
        config,
        name: 'oidc',
        sessionKey: FLOW_SESSION_KEY,
        callbackURL: this.callbackUrl(),
        scope: this.settings.scopes.join(' '),
      },
      (tokens, verified) => {
        this.identityOf(config, tokens).then(
          (outcome) => {
            if (outcome.ok) verified(null, outcome.identity);
            else
              verified(null, false, {
                reason: 'claims',
                message: outcome.reason,
              } satisfies ClaimsRefusal);
          },
          (error: unknown) => {
            verified(error);
          },
        );
      },
    );
  }

  /** The identity in the ID token's claims, completed by userinfo when the provider has one. */
  private async identityOf(
    config: client.Configuration,
    tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers,
  ): Promise<ClaimsOutcome> {
    const idClaims = tokens.claims();
    if (!idClaims) return { ok: false, reason: 'the provider sent no ID token' };
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint !== undefined) {
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      // The signed ID token wins where both say something.
      claims = { ...userinfo, ...idClaims };
    }
    const outcome = identityFromClaims(claims, this.settings, this.referencedGroups);
    if (outcome.ok && outcome.droppedGroups > 0) {
      this.log.warn('oidc_groups_dropped', {
        user: outcome.identity.name,
        dropped: outcome.droppedGroups,
      });
    }
    return outcome;
  }
}
