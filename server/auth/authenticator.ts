// The one place that turns a request into an identity (a trusted proxy's headers, else the login
// cookie), for HTTP and WebSocket upgrades alike. Authority comes from the current configuration
// at every request: a cookie says how someone signed in, never what they may do.

import type { IncomingMessage } from 'node:http';
import type { UserConfig } from '../config/gatewayConfig.js';
import type { Identity } from './identity.js';
import type { LocalUsers } from './localUsers.js';
import {
  LOGIN_LIFETIME_SECONDS,
  clearedLoginCookieHeader,
  loginCookieHeader,
  loginCookieName,
  readCookie,
  type CookieOptions,
  type LoginClaims,
  type LoginCookieSigner,
  type SignedLogin,
} from './loginCookie.js';
import { OpenLogins } from './openLogins.js';
import type { ProxyLogin } from './proxyLogin.js';
import type { RevokedLogins } from './revokedLogins.js';

/** A valid login: who it stands for now, and which login it is (for revocation and sockets). */
export interface Login {
  identity: Identity;
  id: string;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

/** Who sent a request, and through which login (none for a trusted proxy's identity). */
export interface Authenticated {
  identity: Identity;
  login: SignedLogin | undefined;
}

export interface AuthenticatorOptions {
  signer: LoginCookieSigner;
  revoked: RevokedLogins;
  /** The password users of the current configuration. */
  users: LocalUsers;
  /** Cookie attributes for this request: `Secure` when the browser reached us over https. */
  cookieOptions: (req: IncomingMessage) => CookieOptions;
  /** Whether a guest's share link still admits its guests (not revoked or expired). */
  guestLinkUsable?: (linkId: string) => boolean;
  /** Sign-in by a trusted reverse proxy (auth.proxy), when configured. */
  proxy?: ProxyLogin | undefined;
  now?: () => number;
}

export class Authenticator {
  /** Cookie attributes for this request: `Secure` when the browser reached us over https. */
  readonly cookieOptions: (req: IncomingMessage) => CookieOptions;
  private readonly open: OpenLogins;
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.cookieOptions = options.cookieOptions;
    this.now = options.now ?? Date.now;
    this.open = new OpenLogins((login) => this.resolve(login) !== null);
  }

  /** The valid, unrevoked login carried by this request, if any. */
  login(req: IncomingMessage): Login | null {
    const signed = this.signedLogin(req);
    const identity = signed ? this.resolve(signed) : null;
    return signed && identity ? { identity, id: signed.id, expiresAt: signed.expiresAt } : null;
  }

  /**
   * Who sent this request: the identity a trusted proxy vouches for, else the login cookie's.
   * Throws BadProxyIdentity when a trusted proxy sends a malformed identity.
   */
  identity(req: IncomingMessage): Identity | null {
    return this.authenticate(req)?.identity ?? null;
  }

  /** As identity(), with the login it came through (to end its sockets when the login ends). */
  authenticate(req: IncomingMessage): Authenticated | null {
    const proxied = this.options.proxy?.identify(req);
    if (proxied) return { identity: proxied, login: undefined };
    const signed = this.signedLogin(req);
    const identity = signed ? this.resolve(signed) : null;
    return signed && identity ? { identity, login: signed } : null;
  }

  /**
   * Ends an open socket (through `end`) when `login` stops being valid: logout, expiry, a config
   * that no longer admits it. Returns the function that stops watching, for when the socket closes.
   */
  watch(login: SignedLogin, end: () => void): () => void {
    return this.open.watch(login, end);
  }

  /** Sign-in with a password as `user` of the current configuration. */
  signInUser(req: IncomingMessage, user: UserConfig): string {
    const passwordDigest = this.options.signer.passwordDigest(user.passwordHash);
    return this.cookie(req, { via: 'password', name: user.name, passwordDigest });
  }

  /** Sign-in through a one-time link the operator printed: `identity` as issued. */
  signInByLink(req: IncomingMessage, identity: Identity): string {
    if (identity.kind === 'guest') throw new Error('guests sign in through share links');
    const { name, kind, admin, groups } = identity;
    return this.cookie(req, {
      via: 'link',
      identity: { name, kind, admin, ...(groups ? { groups } : {}) },
    });
  }

  /**
   * The Set-Cookie header that signs a guest or an OIDC user in, on this request (for at most
   * `lifetimeSeconds`). Their roles come from the access maps and their link at every request.
   */
  signIn(
    req: IncomingMessage,
    identity: Identity,
    lifetimeSeconds = LOGIN_LIFETIME_SECONDS,
  ): string {
    const { name, guest, groups } = identity;
    if (identity.kind === 'guest' && guest) {
      return this.cookie(req, { via: 'guest', name, guest }, lifetimeSeconds);
    }
    if (identity.kind === 'oidc') {
      return this.cookie(
        req,
        { via: 'oidc', name, ...(groups ? { groups } : {}) },
        lifetimeSeconds,
      );
    }
    throw new Error(`a ${identity.kind} login signs in with signInUser or signInByLink`);
  }

  /** Revokes this request's login (if any), ends its open sockets, and clears the cookie. */
  async signOut(req: IncomingMessage): Promise<{ identity: Identity | null; header: string }> {
    const login = this.login(req);
    if (login) {
      try {
        await this.options.revoked.revoke(login.id, login.expiresAt);
      } finally {
        this.open.revoked(login.id);
      }
    }
    return {
      identity: login?.identity ?? null,
      header: clearedLoginCookieHeader(this.cookieOptions(req)),
    };
  }

  private cookie(
    req: IncomingMessage,
    claims: LoginClaims,
    lifetimeSeconds = LOGIN_LIFETIME_SECONDS,
  ): string {
    return loginCookieHeader(
      this.options.signer.sign(claims, lifetimeSeconds),
      this.cookieOptions(req),
      lifetimeSeconds,
    );
  }

  /** The signed login this request's cookie carries (under the cookie name of its scheme). */
  private signedLogin(req: IncomingMessage): SignedLogin | null {
    const name = loginCookieName(this.cookieOptions(req));
    return this.options.signer.verify(readCookie(req.headers.cookie, name));
  }

  /** Who a signed login stands for under the current config, or null when it is no longer valid. */
  private resolve(login: SignedLogin): Identity | null {
    if (login.expiresAt <= this.now() || this.options.revoked.isRevoked(login.id)) return null;
    const { claims } = login;
    switch (claims.via) {
      case 'password': {
        const user = this.options.users.find(claims.name);
        if (!user || !this.options.signer.matchesPassword(claims.passwordDigest, user.passwordHash))
          return null;
        return { name: user.name, kind: 'local', admin: user.admin };
      }
      case 'link':
        return claims.identity;
      case 'oidc':
        return {
          name: claims.name,
          kind: 'oidc',
          admin: false,
          ...(claims.groups ? { groups: claims.groups } : {}),
        };
      case 'guest': {
        const usable = this.options.guestLinkUsable?.(claims.guest.linkId) ?? false;
        return usable
          ? { name: claims.name, kind: 'guest', admin: false, guest: claims.guest }
          : null;
      }
      default: {
        const unreachable: never = claims;
        return unreachable;
      }
    }
  }
}
