// The login cookie: an HMAC-signed, expiring statement of how someone signed in, with a login id.
// Stateless, so it stays valid across gateway restarts as long as the secret in the state directory
// does; logging out revokes its id (see revokedLogins.ts). It carries claims, not authority: the
// Authenticator decides who the claims stand for from the current configuration at every request.

import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isDisplayName } from '../../shared/displayName.js';
import type { GuestGrant, Identity } from './identity.js';
import { GROUP_NAME_PATTERN, MAX_LOGIN_GROUPS } from '../config/principalNames.js';
import { encodeBody, openBody, sameDigest } from './signedBody.js';

export const LOGIN_COOKIE_NAME = 'tmuxgate_login';
/**
 * The name of a Secure login cookie. Browsers keep a `__Host-` cookie only when it is Secure, for
 * Path=/ and without Domain, so neither a sibling subdomain nor a plain-http page can plant one
 * (a login of the attacker's choosing). Switching to it signed everyone behind TLS out once.
 */
export const SECURE_LOGIN_COOKIE_NAME = `__Host-${LOGIN_COOKIE_NAME}`;

/** A login lasts a working day and a night: long enough for an incident, short enough to expire. */
export const LOGIN_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * v2 carries claims checked against the current config (v1 carried `admin` and was believed).
 * A v1 cookie is not accepted: it cannot show which password it was issued under, so its
 * holder signs in once more.
 */
const COOKIE_VERSION = 'v2';
/** 128 bits: login ids are unguessable and never collide. */
const LOGIN_ID_BYTES = 16;
/**
 * The password digest only has to tell the hash a login was issued under from the current one;
 * 128 bits make a collision between an old and a new hash (2^-128) as unlikely as guessing a
 * login id. It is keyed, so a cookie's holder learns nothing that helps guess the password.
 */
const PASSWORD_DIGEST_BYTES = 16;
const PASSWORD_DIGEST_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Separates password digests from cookie MACs, though both come from one secret. */
const PASSWORD_DIGEST_LABEL = 'tmuxgate login password digest v1';

const nameSchema = z.string().min(1).max(256);
const groupsSchema = z.array(z.string().regex(GROUP_NAME_PATTERN)).max(MAX_LOGIN_GROUPS);

/** How someone signed in, which decides what is checked against the current config. */
export type LoginClaims =
  /** A local user with a password: valid while the user exists with the same password hash. */
  | { via: 'password'; name: string; passwordDigest: string }
  /**
   * The one-time link `tmuxgate serve` prints: the identity the gateway's operator issued (the
   * embedded default's owner has no entry in `users` to check it against).
   */
  | { via: 'link'; identity: Identity }
  /** An OpenID Connect user: roles come from the access maps; never an admin. */
  | { via: 'oidc'; name: string; groups?: readonly string[] }
  /** A guest who came through a share link: valid while the link is usable. */
  | { via: 'guest'; name: string; guest: GuestGrant };

const claimsSchema = z.discriminatedUnion('via', [
  z.strictObject({
    via: z.literal('password'),
    name: nameSchema,
    passwordDigest: z.string().regex(PASSWORD_DIGEST_PATTERN),
  }),
  z.strictObject({
    via: z.literal('link'),
    identity: z.strictObject({
      name: nameSchema,
      kind: z.enum(['local', 'oidc', 'proxy']),
      admin: z.boolean(),
      groups: groupsSchema.optional(),
    }),
  }),
  z.strictObject({ via: z.literal('oidc'), name: nameSchema, groups: groupsSchema.optional() }),
  z.strictObject({
    via: z.literal('guest'),
    // A guest's name as /api/join keeps it: a cookie from before that rule signs its guest out.
    name: nameSchema.refine(isDisplayName),
    guest: z.strictObject({
      linkId: z.string().max(64),
      session: z.string().max(64),
      role: z.enum(['viewer', 'writer']),
    }),
  }),
]);

const payloadSchema = z.strictObject({
  sid: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  claims: claimsSchema,
  /** Expiry, seconds since the epoch. */
  exp: z.number().int(),
});

/** A cookie whose signature and expiry hold: its claims, and which login it is (for revocation). */
export interface SignedLogin {
  claims: LoginClaims;
  id: string;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

export class LoginCookieSigner {
  private readonly digestKey: Buffer;

  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    this.digestKey = createHmac('sha256', secret).update(PASSWORD_DIGEST_LABEL).digest();
  }

  sign(claims: LoginClaims, lifetimeSeconds = LOGIN_LIFETIME_SECONDS): string {
    const payload = {
      sid: randomBytes(LOGIN_ID_BYTES).toString('base64url'),
      claims,
      exp: Math.floor(this.now() / 1000) + lifetimeSeconds,
    };
    const body = encodeBody(payload);
    return `${COOKIE_VERSION}.${body}.${this.mac(body)}`;
  }

  /** The login in a cookie value, or null when it is forged, malformed, of v1 or expired. */
  verify(value: string | undefined): SignedLogin | null {
    if (!value) return null;
    const [version, body, mac, ...rest] = value.split('.');
    if (version !== COOKIE_VERSION || !body || !mac || rest.length > 0) return null;
    const payload = payloadSchema.safeParse(openBody(body, mac, (b) => this.mac(b)));
    if (!payload.success) return null;
    const expiresAt = payload.data.exp * 1000;
    if (expiresAt <= this.now()) return null;
    return { claims: payload.data.claims, id: payload.data.sid, expiresAt };
  }

  /** The keyed digest of a password hash that a password login carries. */
  passwordDigest(passwordHash: string): string {
    return createHmac('sha256', this.digestKey)
      .update(passwordHash)
      .digest()
      .subarray(0, PASSWORD_DIGEST_BYTES)
      .toString('base64url');
  }

  /** Whether `digest` (from a cookie) was made from `passwordHash`, in constant time. */
  matchesPassword(digest: string, passwordHash: string): boolean {
    return sameDigest(this.passwordDigest(passwordHash), digest);
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret)
      .update(`${COOKIE_VERSION}.${body}`)
      .digest('base64url');
  }
}

/** Reads one cookie from a raw Cookie header (used for HTTP requests and WebSocket upgrades alike). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
}

/** The login cookie's name for these options: a Secure cookie is only ever read under its own. */
export function loginCookieName(options: CookieOptions): string {
  return options.secure ? SECURE_LOGIN_COOKIE_NAME : LOGIN_COOKIE_NAME;
}

export function loginCookieHeader(
  value: string,
  options: CookieOptions,
  maxAgeSeconds = LOGIN_LIFETIME_SECONDS,
): string {
  const attributes = [
    `${loginCookieName(options)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (options.secure) attributes.push('Secure');
  return attributes.join('; ');
}

export function clearedLoginCookieHeader(options: CookieOptions): string {
  return loginCookieHeader('', options, 0);
}
