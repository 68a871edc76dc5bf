// Operations parts (docs/operations.md): TLS credentials, read and checked before anything
// listens; metrics, only when enabled; the TLS reloader (SIGHUP).

import type { Server as HttpsServer } from 'node:https';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import type { Logger } from '../log.js';
import { GatewayMetrics } from '../metrics/gatewayMetrics.js';
import type { LiveSession } from '../sessions/sessionRegistry.js';
import { readTlsCredentials, type TlsCredentials } from '../tls/tlsCredentials.js';
import { TlsReloader } from '../tls/tlsReloader.js';

export async function readTls(config: GatewayConfig): Promise<TlsCredentials | undefined> {
  return config.listen.tls ? readTlsCredentials(config.listen.tls) : undefined;
}

/** `sessions` is read at each scrape. */
export function createMetrics(
  config: GatewayConfig,
  tls: TlsCredentials | undefined,
  sessions: () => readonly LiveSession[],
): GatewayMetrics | undefined {
  if (!config.metrics.enabled) return undefined;
  const metrics = new GatewayMetrics(sessions);
  if (tls) metrics.tlsLoaded(tls.notAfter);
  return metrics;
}

export function createTlsReloader(
  server: HttpsServer | undefined,
  config: GatewayConfig,
  log: Logger,
  metrics: GatewayMetrics | undefined,
): TlsReloader | undefined {
  if (!server || !config.listen.tls) return undefined;
  return new TlsReloader(server, config.listen.tls, log, {
    loaded: (credentials) => {
      metrics?.tlsLoaded(credentials.notAfter);
      metrics?.tlsReloaded('ok');
    },
    refused: () => metrics?.tlsReloaded('refused'),
  });
}
