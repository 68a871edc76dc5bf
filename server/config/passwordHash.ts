// The self-describing scrypt hash format of local users' passwords, and the bounds on its
// parameters: what the configuration accepts as a passwordHash, and what auth/passwords.ts reads.

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

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
export const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** Salts and keys shorter than 128 bits or longer than 512 bits are not ours. */
const MIN_PART_BYTES = 16;
const MAX_PART_BYTES = 64;

const HASH_PATTERN =
  /^scrypt\$N=([1-9][0-9]{0,9}),r=([1-9][0-9]{0,2}),p=([1-9][0-9]{0,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

export interface ParsedHash {
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

export function paramsAcceptable({ N, r, p }: ScryptParams): boolean {
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

export function parseHash(hash: string): ParsedHash | undefined {
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

export function formatHash({ N, r, p }: ScryptParams, salt: Buffer, key: Buffer): string {
  return `scrypt$N=${N},r=${r},p=${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `value` is a hash hashPassword could have made (format and parameter bounds). */
export function isPasswordHash(value: string): boolean {
  return parseHash(value) !== undefined;
}
