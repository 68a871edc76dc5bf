// The short-lived cookie that carries one OpenID sign-in from its start to its callback: the PKCE
// code verifier, state and nonce openid-client generated. HMAC-signed with a key of its own
// (derived from the gateway's secret), HttpOnly, limited to /auth/oidc, gone after the callback.

import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { readCookie, type CookieOptions } from '../loginCookie.js';
import { encodeBody, openBody } from '../signedBody.js';

export const FLOW_COOKIE_NAME = 'tmuxgate_oidc';
/** Sent back only to the OIDC routes, never to the API or the terminal. */
export const FLOW_COOKIE_PATH = '/auth/oidc';
/** Time to sign in at the provider, MFA included; an older callback is refused. */
export const FLOW_LIFETIME_SECONDS = 10 * 60;
/** Separates this cookie's MACs from the login cookie's, though both come from one secret. */
const KEY_LABEL = 'tmuxgate oidc flow cookie v1';
/** openid-client's values are 43 base64url characters; a little room, and nothing unbounded. */
const MAX_VALUE_CHARS = 128;

/** What openid-client's passport strategy keeps between the redirect and the callback. */
const flowStateSchema = z.strictObject({
  code_verifier: z.string().min(1).max(MAX_VALUE_CHARS),
  nonce: z.string().min(1).max(MAX_VALUE_CHARS).optional(),
  state: z.string().min(1).max(MAX_VALUE_CHARS).optional(),
  max_age: z.number().int().min(0).optional(),
});
export type FlowState = z.infer<typeof flowStateSchema>;

const payloadSchema = z.strictObject({ flow: flowStateSchema, exp: z.number().int() });

export class FlowCookie {
  private readonly key: Buffer;

  constructor(
    secret: Buffer,
    private readonly options: CookieOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', secret).update(KEY_LABEL).digest();
  }

  /** Parses what openid-client stored (unknown to the type system) into a flow state. */
  static parse(value: unknown): FlowState | undefined {
    const parsed = flowStateSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  }

  /** The Set-Cookie header that carries `flow` to the callback. */
  header(flow: FlowState): string {
    const exp = Math.floor(this.now() / 1000) + FLOW_LIFETIME_SECONDS;
    const body = encodeBody({ flow, exp });
    return this.attributes(`${body}.${this.mac(body)}`, FLOW_LIFETIME_SECONDS);
  }

  /** The Set-Cookie header that removes the cookie (after every callback, whatever its outcome). */
  clearHeader(): string {
    return this.attributes('', 0);
  }

  /** The flow this request carries, or undefined when it has none, or a forged or expired one. */
  read(req: IncomingMessage): FlowState | undefined {
    const value = readCookie(req.headers.cookie, FLOW_COOKIE_NAME);
    const [body, mac, ...rest] = (value ?? '').split('.');
    if (!body || !mac || rest.length > 0) return undefined;
    const payload = payloadSchema.safeParse(openBody(body, mac, (b) => this.mac(b)));
    if (!payload.success || payload.data.exp * 1000 <= this.now()) return undefined;
    return payload.data.flow;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private attributes(value: string, maxAgeSeconds: number): string {
    const attributes = [
      `${FLOW_COOKIE_NAME}=${value}`,
      `Path=${FLOW_COOKIE_PATH}`,
      'HttpOnly',
      // Lax: the provider's redirect back is a top-level GET from another site, which Lax allows.
      'SameSite=Lax',
      `Max-Age=${maxAgeSeconds}`,
    ];
    if (this.options.secure) attributes.push('Secure');
    return attributes.join('; ');
  }
}
