// Reads and checks the TLS certificate and key files: readable, PEM, and belonging together.
// Problems are reported as `listen.tls.cert: …` lines naming the file, like config errors.

import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { describeReadError } from '../fileErrors.js';
import type { TlsConfig } from '../config/gatewayConfig.js';
import { errorMessage } from '../log.js';

/** A certificate and key that were read and checked together. */
export interface TlsCredentials {
  cert: Buffer;
  key: Buffer;
  /** SHA-256 fingerprint of the leaf certificate, as `AB:CD:…`. */
  fingerprint: string;
  /** The leaf certificate's expiry. */
  notAfter: Date;
}

export class TlsCredentialsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'TlsCredentialsError';
  }
}

async function readPem(
  field: string,
  path: string,
  problems: string[],
): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    problems.push(`${field}: cannot read ${path}: ${describeReadError(error)}`);
    return undefined;
  }
}

/** Reads `tls.cert` and `tls.key`; throws TlsCredentialsError listing every problem found. */
export async function readTlsCredentials(tls: TlsConfig): Promise<TlsCredentials> {
  const problems: string[] = [];
  const [cert, key] = await Promise.all([
    readPem('listen.tls.cert', tls.cert, problems),
    readPem('listen.tls.key', tls.key, problems),
  ]);
  let certificate: X509Certificate | undefined;
  let privateKey: KeyObject | undefined;
  if (cert) {
    try {
      certificate = new X509Certificate(cert);
    } catch {
      problems.push(`listen.tls.cert: ${tls.cert} is not a PEM certificate`);
    }
  }
  if (key) {
    try {
      privateKey = createPrivateKey(key);
    } catch {
      // Never quote the file: it may hold a key in a format we do not take.
      problems.push(`listen.tls.key: ${tls.key} is not an unencrypted PEM private key`);
    }
  }
  if (certificate && privateKey && !certificate.checkPrivateKey(privateKey)) {
    problems.push(`listen.tls.key: ${tls.key} is not the key of the certificate ${tls.cert}`);
  }
  if (problems.length > 0 || !cert || !key || !certificate) throw new TlsCredentialsError(problems);
  try {
    // What the server will do with them; catches anything OpenSSL refuses that the checks missed.
    createSecureContext({ cert, key });
  } catch (error) {
    throw new TlsCredentialsError([
      `listen.tls: ${tls.cert} and ${tls.key} cannot be used: ${errorMessage(error)}`,
    ]);
  }
  return {
    cert,
    key,
    fingerprint: certificate.fingerprint256,
    notAfter: new Date(certificate.validTo),
  };
}
