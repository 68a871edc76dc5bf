// Test certificates: self-signed, for 127.0.0.1 and localhost, made with the openssl CLI in a
// temporary directory (P-256 keys: made in milliseconds).

import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Long enough for any test run, short enough that a leaked one is useless. */
const VALIDITY_DAYS = 2;

export interface TestCertificate {
  certPath: string;
  keyPath: string;
  /** The certificate's PEM: pass it as `ca` to trust this (self-signed) certificate. */
  pem: Buffer;
  fingerprint: string;
}

export interface CertificateDir {
  dir: string;
  /** Makes a fresh certificate and key named `name` in the directory. */
  make(name: string): Promise<TestCertificate>;
  cleanup(): Promise<void>;
}

export async function certificateDir(): Promise<CertificateDir> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-tls-'));
  return {
    dir,
    make: async (name) => {
      const certPath = join(dir, `${name}.crt`);
      const keyPath = join(dir, `${name}.key`);
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        String(VALIDITY_DAYS),
        '-subj',
        `/CN=tmuxgate test ${name}`,
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ]);
      const pem = await readFile(certPath);
      return { certPath, keyPath, pem, fingerprint: new X509Certificate(pem).fingerprint256 };
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
