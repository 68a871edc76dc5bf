// The one place that turns a request's login cookie into an identity, for HTTP and WebSocket upgrades alike.

import type { IncomingMessage } from 'node:http';
import type { Identity } from './identity.js';
import {
  LOGIN_COOKIE_NAME,
  clearedLoginCookieHeader,
  loginCookieHeader,
  readCookie,
  type CookieOptions,
  type Login,
  type LoginCookieSigner,
} from './loginCookie.js';
import type { RevokedLogins } from './revokedLogins.js';

export class Authenticator {
  constructor(
    private readonly signer: LoginCookieSigner,
    private readonly revoked: RevokedLogins,
    readonly cookieOptions: CookieOptions,
  ) {}

  /** The valid, unrevoked login carried by this request, if any. */
  login(req: IncomingMessage): Login | null {
    const login = this.signer.verify(readCookie(req.headers.cookie, LOGIN_COOKIE_NAME));
    if (!login || this.revoked.isRevoked(login.id)) return null;
    return login;
  }

  identity(req: IncomingMessage): Identity | null {
    return this.login(req)?.identity ?? null;
  }

  /** The Set-Cookie header that signs `identity` in. */
  signIn(identity: Identity): string {
    return loginCookieHeader(this.signer.sign(identity), this.cookieOptions);
  }

  /** Revokes this request's login (if any) and returns the Set-Cookie header that clears it. */
  async signOut(req: IncomingMessage): Promise<{ identity: Identity | null; header: string }> {
    const login = this.login(req);
    if (login) await this.revoked.revoke(login.id, login.expiresAt);
    return {
      identity: login?.identity ?? null,
      header: clearedLoginCookieHeader(this.cookieOptions),
    };
  }
}
