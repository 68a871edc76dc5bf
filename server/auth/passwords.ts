// Password hashing for local users: self-describing scrypt hashes, verified in constant time.

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/**
 * Parameters for new hashes: N=2^15, r=8 costs 32 MiB and roughly 50-100 ms per login, the
 * scrypt paper's interactive-login setting raised one step for today's hardware.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/** 128 bits of salt: unique per hash with overwhelming probability. */
const SALT_BYTES = 16;
/** 256-bit derived key. */
const KEY_BYTES = 32;

/**
 * Bounds on parameters read from a hash. Below MIN_N a hash is too cheap to brute-force offline;
 * above the memory or work bound one login could stall or exhaust the host. A hash outside them
 * is not one we accept, not one we try.
 */
const MIN_N = 2 ** 14;
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;
/** scrypt needs 128·N·r bytes; 256 MiB leaves room for a few concurrent logins. */
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** Salts and keys shorter than 128 bits or longer than 512 bits are not ours. */
const MIN_PART_BYTES = 16;
const MAX_PART_BYTES = 64;

const HASH_PATTERN =
  /^scrypt\$N=([1-9][0-9]{0,9}),r=([1-9][0-9]{0,2}),p=([1-9][0-9]{0,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function decodePart(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64');
  // Only canonical base64 (what we write) is accepted, so one hash has exactly one spelling.
  if (bytes.toString('base64') !== text) return undefined;
  if (bytes.length < MIN_PART_BYTES || bytes.length > MAX_PART_BYTES) return undefined;
  return bytes;
}

function paramsAcceptable({ N, r, p }: ScryptParams): boolean {
  const powerOfTwo = Number.isInteger(Math.log2(N));
  return (
    powerOfTwo &&
    N >= MIN_N &&
    N <= MAX_N &&
    r <= MAX_R &&
    p <= MAX_P &&
    128 * N * r <= MAX_MEMORY_BYTES
  );
}

function parseHash(hash: string): ParsedHash | undefined {
  const match = HASH_PATTERN.exec(hash);
  if (!match) return undefined;
  const [, n = '', r = '', p = '', saltText = '', keyText = ''] = match;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!paramsAcceptable(params)) return undefined;
  const salt = decodePart(saltText);
  const key = decodePart(keyText);
  if (!salt || !key) return undefined;
  return { params, salt, key };
}

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

function formatHash({ N, r, p }: ScryptParams, salt: Buffer, key: Buffer): string {
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
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

/** True when `value` is a hash hashPassword could have made (format and parameter bounds). */
export function isPasswordHash(value: string): boolean {
  return parseHash(value) !== undefined;
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
