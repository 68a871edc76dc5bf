// What every other part of the gateway stands on: the OIDC client secret and TLS files (read
// and checked before anything starts), the state directory and its cookie secret, proxy trust,
// metrics and the audit log.

import type { AsyncDisposableStore } from '../../shared/lifecycle.js';
import { openAuditLog, type AuditLog } from '../audit.js';
import type { OidcLogin } from '../auth/oidc/oidcLogin.js';
import type { GatewayConfig, LimitsConfig } from '../config/gatewayConfig.js';
import { compileProxyTrust, type ProxyTrust } from '../http/proxyTrust.js';
import type { Logger } from '../log.js';
import type { GatewayMetrics } from '../metrics/gatewayMetrics.js';
import { meteredAudit } from '../metrics/meteredAudit.js';
import type { LiveSession } from '../sessions/sessionRegistry.js';
import { loadOrCreateSecret } from '../state/secret.js';
import { ensureStateDir } from '../state/stateDir.js';
import type { TlsCredentials } from '../tls/tlsCredentials.js';
import { createMetrics, readTls } from './operations.js';
import { PublicAddress } from './publicAddress.js';
import { openOidcLogin } from './signIn.js';

export interface Foundation {
  log: Logger;
  now: () => number;
  limits: LimitsConfig;
  address: PublicAddress;
  oidc: OidcLogin | undefined;
  secret: Buffer;
  tls: TlsCredentials | undefined;
  trust: ProxyTrust;
  /** Login cookies are always Secure when the gateway is reached over HTTPS only. */
  alwaysSecure: boolean;
  metrics: GatewayMetrics | undefined;
  audit: AuditLog;
  /** Tells metrics which sessions to scrape, once they exist (they write to the audit log). */
  scrape(sessions: () => readonly LiveSession[]): void;
}

export async function openFoundation(
  config: GatewayConfig,
  options: { log: Logger; now?: (() => number) | undefined },
  parts: AsyncDisposableStore,
): Promise<Foundation> {
  const { log } = options;
  const address = new PublicAddress(config.publicUrl);
  const oidc = await openOidcLogin(config, address, log);
  await ensureStateDir(config.stateDir, log);
  const secret = await loadOrCreateSecret(config.stateDir);
  const tls = await readTls(config);
  let scraped: () => readonly LiveSession[] = () => [];
  const metrics = createMetrics(config, tls, () => scraped());
  const auditLog = openAuditLog(config.stateDir, { rotation: config.audit });
  parts.add(auditLog);
  return {
    log,
    now: options.now ?? Date.now,
    limits: config.limits,
    address,
    oidc,
    secret,
    tls,
    trust: compileProxyTrust(config.trustProxy),
    alwaysSecure: tls !== undefined || (config.publicUrl?.startsWith('https:') ?? false),
    metrics,
    audit: meteredAudit(auditLog, metrics),
    scrape: (sessions) => (scraped = sessions),
  };
}
