// Bearer tokens (one-time login links, share links): 256 bits of randomness in base64url, held by
// the gateway only as SHA-256 hashes, so a copy of its memory or state files grants nothing.

import { createHash, randomBytes } from 'node:crypto';

/** 256 bits: unguessable, and no birthday collision in any number of tokens a gateway issues. */
const TOKEN_BYTES = 32;
/** Tokens are base64url of TOKEN_BYTES; anything else is refused before hashing. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
