// Swaps a running https server's certificate and key for what the files hold now (SIGHUP).
// Open connections keep theirs; a certificate that fails the checks is refused, the old one stays.

import type { Server as HttpsServer } from 'node:https';
import type { Logger } from '../log.js';
import type { TlsConfig } from '../config/gatewayConfig.js';
import { TlsCredentialsError, readTlsCredentials, type TlsCredentials } from './tlsCredentials.js';

export interface TlsReloadHooks {
  loaded?: (credentials: TlsCredentials) => void;
  refused?: () => void;
}

export class TlsReloader {
  constructor(
    private readonly server: HttpsServer,
    private readonly tls: TlsConfig,
    private readonly log: Logger,
    private readonly hooks: TlsReloadHooks = {},
  ) {}

  /** Re-reads the files; true when the new certificate is now served. */
  async reload(): Promise<boolean> {
    let credentials: TlsCredentials;
    try {
      credentials = await readTlsCredentials(this.tls);
    } catch (error) {
      const problems =
        error instanceof TlsCredentialsError ? error.problems.join('; ') : String(error);
      this.log.error('tls_reload_refused', { error: problems, kept: 'the previous certificate' });
      this.hooks.refused?.();
      return false;
    }
    this.server.setSecureContext({ cert: credentials.cert, key: credentials.key });
    this.log.info('tls_reloaded', {
      fingerprint: credentials.fingerprint,
      notAfter: credentials.notAfter.toISOString(),
    });
    this.hooks.loaded?.(credentials);
    return true;
  }
}
