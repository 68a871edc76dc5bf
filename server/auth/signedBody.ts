// The signed bodies the gateway's cookies carry: base64url JSON and an HMAC of it, checked in
// constant time. Each cookie keeps its own key, version and payload schema.

import { timingSafeEqual } from 'node:crypto';

/** `payload` as base64url JSON, the body a cookie signs. */
export function encodeBody(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Whether `given` is `expected`, compared in constant time (a MAC or a digest from a cookie). */
export function sameDigest(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The JSON in `body` when `mac` is the MAC `macOf` gives it; undefined when the MAC does not match
 * (forged) or the body is not base64url JSON. The caller validates what it holds.
 */
export function openBody(body: string, mac: string, macOf: (body: string) => string): unknown {
  if (!sameDigest(macOf(body), mac)) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
