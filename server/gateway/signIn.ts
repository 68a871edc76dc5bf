// The gateway's sign-in parts (docs/auth.md): OIDC, the login cookie, the Authenticator, the
// password login routes with their failure limits.

import type { Router } from 'express';
import type { AuditLog } from '../audit.js';
import { Authenticator } from '../auth/authenticator.js';
import { LocalUsers } from '../auth/localUsers.js';
import { LoginCookieSigner } from '../auth/loginCookie.js';
import { readClientSecret } from '../auth/oidc/clientSecret.js';
import { OidcLogin } from '../auth/oidc/oidcLogin.js';
import { referencedGroups } from '../config/principalNames.js';
import { ProxyLogin } from '../auth/proxyLogin.js';
import {
  FailureRateLimiter,
  LOGIN_FAILURES_PER_IP,
  LOGIN_FAILURES_PER_USER,
} from '../auth/rateLimiter.js';
import { RevokedLogins } from '../auth/revokedLogins.js';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import { loginRoutes } from '../http/loginRoutes.js';
import { isHttpsRequest, type ProxyTrust } from '../http/proxyTrust.js';
import type { Logger } from '../log.js';
import type { PublicAddress } from './publicAddress.js';

/** Groups matter only where an access map names them; others are dropped at sign-in. */
function groupsInUse(config: GatewayConfig): ReadonlySet<string> {
  return referencedGroups(config.sessions.map((session) => session.access));
}

/** The OIDC login when configured; its client secret is read before anything else starts. */
export async function openOidcLogin(
  config: GatewayConfig,
  address: PublicAddress,
  log: Logger,
): Promise<OidcLogin | undefined> {
  const oidc = config.auth.oidc;
  if (!oidc) return undefined;
  const secret = await readClientSecret(oidc);
  return new OidcLogin(oidc, secret, groupsInUse(config), () => address.url(), log);
}

export interface SignInDeps {
  secret: Buffer;
  now: () => number;
  trust: ProxyTrust;
  /** Login cookies are always Secure when the gateway is reached over HTTPS only. */
  alwaysSecure: boolean;
  audit: AuditLog;
  log: Logger;
  /** Whether a guest's share link can still be used (links/linkService.ts). */
  guestLinkUsable: (linkId: string) => boolean;
}

export interface SignIn {
  auth: Authenticator;
  users: LocalUsers;
  /** POST /api/login, /api/logout and the one-time login link. */
  login: Router;
}

export async function createSignIn(config: GatewayConfig, deps: SignInDeps): Promise<SignIn> {
  const { now, trust, audit, log } = deps;
  const authConfig = config.auth;
  const users = new LocalUsers(config.users);
  const proxy =
    authConfig.proxy && new ProxyLogin(authConfig.proxy, groupsInUse(config), audit, log);
  const auth = new Authenticator({
    signer: new LoginCookieSigner(deps.secret, now),
    revoked: await RevokedLogins.load(config.stateDir, { log, now }),
    users,
    cookieOptions: (req) => ({ secure: deps.alwaysSecure || isHttpsRequest(req, trust) }),
    guestLinkUsable: deps.guestLinkUsable,
    proxy,
    now,
  });
  const login = loginRoutes({
    local: authConfig.local,
    users,
    auth,
    audit,
    log,
    limits: {
      perIp: new FailureRateLimiter(LOGIN_FAILURES_PER_IP, now),
      perUser: new FailureRateLimiter(LOGIN_FAILURES_PER_USER, now),
    },
  });
  return { auth, users, login };
}
