// The login cookie: an HMAC-signed, expiring statement of identity with a login id. Stateless,
// so it stays valid across gateway restarts as long as the secret in the state directory does;
// logging out revokes its id (see revokedLogins.ts).

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Identity } from './identity.js';
import { GROUP_NAME_PATTERN, MAX_LOGIN_GROUPS } from './principalNames.js';

export const LOGIN_COOKIE_NAME = 'tmuxgate_login';

/** A login lasts a working day and a night: long enough for an incident, short enough to expire. */
export const LOGIN_LIFETIME_SECONDS = 24 * 60 * 60;

const COOKIE_VERSION = 'v1';
/** 128 bits: login ids are unguessable and never collide. */
const LOGIN_ID_BYTES = 16;

const payloadSchema = z.strictObject({
  sid: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  name: z.string().min(1).max(256),
  kind: z.enum(['local', 'guest', 'oidc', 'proxy']),
  admin: z.boolean(),
  guest: z
    .strictObject({
      linkId: z.string().max(64),
      session: z.string().max(64),
      role: z.enum(['viewer', 'writer']),
    })
    .optional(),
  groups: z.array(z.string().regex(GROUP_NAME_PATTERN)).max(MAX_LOGIN_GROUPS).optional(),
  /** Expiry, seconds since the epoch. */
  exp: z.number().int(),
});

/** A verified login: who, and which login (for revocation). */
export interface Login {
  identity: Identity;
  id: string;
  /** Expiry, milliseconds since the epoch. */
  expiresAt: number;
}

export class LoginCookieSigner {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  sign(identity: Identity, lifetimeSeconds = LOGIN_LIFETIME_SECONDS): string {
    const payload = {
      sid: randomBytes(LOGIN_ID_BYTES).toString('base64url'),
      name: identity.name,
      kind: identity.kind,
      admin: identity.admin,
      ...(identity.guest ? { guest: identity.guest } : {}),
      ...(identity.groups ? { groups: identity.groups } : {}),
      exp: Math.floor(this.now() / 1000) + lifetimeSeconds,
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${COOKIE_VERSION}.${body}.${this.mac(body)}`;
  }

  /** The login in a cookie value, or null when it is forged, malformed or expired. */
  verify(value: string | undefined): Login | null {
    if (!value) return null;
    const [version, body, mac, ...rest] = value.split('.');
    if (version !== COOKIE_VERSION || !body || !mac || rest.length > 0) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const payload = payloadSchema.safeParse(parsed);
    if (!payload.success) return null;
    const expiresAt = payload.data.exp * 1000;
    if (expiresAt <= this.now()) return null;
    const { name, kind, admin, sid, guest, groups } = payload.data;
    const identity: Identity = {
      name,
      kind,
      admin,
      ...(guest ? { guest } : {}),
      ...(groups ? { groups } : {}),
    };
    return { identity, id: sid, expiresAt };
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

export function loginCookieHeader(
  value: string,
  options: CookieOptions,
  maxAgeSeconds = LOGIN_LIFETIME_SECONDS,
): string {
  const attributes = [
    `${LOGIN_COOKIE_NAME}=${value}`,
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
