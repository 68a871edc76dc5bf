// Reads the OIDC client secret: inline in the config, or from clientSecretFile at start.

import { readFile } from 'node:fs/promises';
import type { OidcConfig } from '../../config/gatewayConfig.js';

/** The secret, trimmed of the newline editors add; throws a message naming the config key. */
export async function readClientSecret(oidc: OidcConfig): Promise<string> {
  if (oidc.clientSecret !== undefined) return oidc.clientSecret;
  const path = oidc.clientSecretFile;
  if (path === undefined) throw new Error('auth.oidc.clientSecret: required (or clientSecretFile)');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`auth.oidc.clientSecretFile: cannot read ${path} (${code})`, { cause: error });
  }
  const secret = text.trim();
  if (secret === '') throw new Error(`auth.oidc.clientSecretFile: ${path} is empty`);
  return secret;
}
