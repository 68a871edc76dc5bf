// Problems found at start that do not stop the gateway: shared sockets, loose permissions, a
// wildcard bind. Each is logged once and kept for `serve` to print.

import type { GatewayConfig } from '../config/gatewayConfig.js';
import { wildcardBindWarning, type HostNames } from '../http/hostCheck.js';
import type { Logger } from '../log.js';
import { sharedSocketWarnings } from '../sessions/trustDomains.js';
import { socketPermissionWarnings } from '../tmux/socketPermissions.js';

export async function startupWarnings(config: GatewayConfig, log: Logger): Promise<string[]> {
  const warnings = sharedSocketWarnings(config.sessions);
  for (const socket of new Set(config.sessions.map((session) => session.socket))) {
    warnings.push(...(await socketPermissionWarnings(socket)));
  }
  const wildcardWarning = wildcardBindWarning(hostNamesOf(config));
  if (wildcardWarning) warnings.push(wildcardWarning);
  for (const warning of warnings) log.warn('startup_warning', { warning });
  return warnings;
}

/** The names the gateway answers to (DNS rebinding, http/hostCheck.ts). */
export function hostNamesOf(config: GatewayConfig): HostNames {
  return {
    publicUrl: config.publicUrl,
    listenHost: config.listen.host,
    allowedHosts: config.allowedHosts,
  };
}
