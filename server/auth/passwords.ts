// Password hashing for local users: self-describing scrypt hashes, verified in constant time.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import {
  MAX_MEMORY_BYTES,
  formatHash,
  paramsAcceptable,
  parseHash,
  type ScryptParams,
} from '../config/passwordHash.js';

/**
 * Parameters for new hashes: N=2^15, r=8 costs 32 MiB and roughly 50-100 ms per login, the
 * scrypt paper's interactive-login setting raised one step for today's hardware.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/** 128 bits of salt: unique per hash with overwhelming probability. */
const SALT_BYTES = 16;
/** 256-bit derived key. */
const KEY_BYTES = 32;

function deriveKey(
  password: string,
  salt: Buffer,
  length: number,
  { N, r, p }: ScryptParams,
): Promise<Buffer> {
  // OpenSSL counts 128·r·(N+p+2) bytes against maxmem; twice the accepted bound always covers it.
  const options = { N, r, p, maxmem: 2 * MAX_MEMORY_BYTES };
  return new Promise((resolve, reject) => {
    scrypt(normalise(password), salt, length, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** NFKC, as NIST SP 800-63B advises, so the same password typed on another system still matches. */
function normalise(password: string): string {
  return password.normalize('NFKC');
}

/** Hashes a password as `scrypt$N=…,r=…,p=…$<salt>$<key>` (base64), with a fresh random salt. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  if (!paramsAcceptable(params)) throw new RangeError('scrypt parameters out of bounds');
  const salt = randomBytes(SALT_BYTES);
  return formatHash(params, salt, await deriveKey(password, salt, KEY_BYTES, params));
}

/** True only when `password` matches `hash`. Never throws: a malformed hash simply matches nothing. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (!parsed) return false;
  try {
    const key = await deriveKey(password, parsed.salt, parsed.key.length, parsed.params);
    return timingSafeEqual(key, parsed.key);
  } catch {
    return false;
  }
}

/** A hash of no password at all (a random key), with the default parameters. */
const DUMMY_HASH = formatHash(
  DEFAULT_SCRYPT_PARAMS,
  randomBytes(SALT_BYTES),
  randomBytes(KEY_BYTES),
);

/**
 * Spends the work of one verification with the default parameters and fails. Call it for an
 * unknown user name, so that it costs the same time as a wrong password for a known one.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}
