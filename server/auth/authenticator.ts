// The one place that turns a request into an identity (a trusted proxy's headers, else the login
// cookie), for HTTP and WebSocket upgrades alike.

import type { IncomingMessage } from 'node:http';
import type { Identity } from './identity.js';
import {
  LOGIN_COOKIE_NAME,
  LOGIN_LIFETIME_SECONDS,
  clearedLoginCookieHeader,
  loginCookieHeader,
  readCookie,
  type CookieOptions,
  type Login,
  type LoginCookieSigner,
} from './loginCookie.js';
import type { ProxyLogin } from './proxyLogin.js';
import type { RevokedLogins } from './revokedLogins.js';

export class Authenticator {
  constructor(
    private readonly signer: LoginCookieSigner,
    private readonly revoked: RevokedLogins,
    /** Cookie attributes for this request: `Secure` when the browser reached us over https. */
    readonly cookieOptions: (req: IncomingMessage) => CookieOptions,
    /** Whether a guest's share link still admits its guests (not revoked or expired). */
    private readonly guestLinkUsable: (linkId: string) => boolean = () => false,
    /** Sign-in by a trusted reverse proxy (auth.proxy), when configured. */
    private readonly proxy?: ProxyLogin,
  ) {}

  /** The valid, unrevoked login carried by this request, if any. */
  login(req: IncomingMessage): Login | null {
    const login = this.signer.verify(readCookie(req.headers.cookie, LOGIN_COOKIE_NAME));
    if (!login || this.revoked.isRevoked(login.id)) return null;
    if (login.identity.guest && !this.guestLinkUsable(login.identity.guest.linkId)) return null;
    return login;
  }

  /**
   * Who sent this request: the identity a trusted proxy vouches for, else the login cookie's.
   * Throws HttpError 400 when a trusted proxy sends a malformed identity.
   */
  identity(req: IncomingMessage): Identity | null {
    return this.proxy?.identify(req) ?? this.login(req)?.identity ?? null;
  }

  /** The Set-Cookie header that signs `identity` in, on this request (for at most `lifetimeSeconds`). */
  signIn(
    req: IncomingMessage,
    identity: Identity,
    lifetimeSeconds = LOGIN_LIFETIME_SECONDS,
  ): string {
    return loginCookieHeader(
      this.signer.sign(identity, lifetimeSeconds),
      this.cookieOptions(req),
      lifetimeSeconds,
    );
  }

  /** Revokes this request's login (if any) and returns the Set-Cookie header that clears it. */
  async signOut(req: IncomingMessage): Promise<{ identity: Identity | null; header: string }> {
    const login = this.login(req);
    if (login) await this.revoked.revoke(login.id, login.expiresAt);
    return {
      identity: login?.identity ?? null,
      header: clearedLoginCookieHeader(this.cookieOptions(req)),
    };
  }
}
