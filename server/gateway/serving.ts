// The parts that face the network: the HTTP app, WebSocket upgrades, the control socket's app
// and the listeners that serve them, and the TLS reloader of the main listener.

import { userInfo } from 'node:os';
import type { AsyncDisposableStore } from '../../shared/lifecycle.js';
import { OneTimeTokens } from '../auth/oneTimeTokens.js';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import { controlApp } from '../control/controlApp.js';
import { HostAllowList } from '../http/hostCheck.js';
import { clientAddress, isHttpsRequest } from '../http/proxyTrust.js';
import type { TlsReloader } from '../tls/tlsReloader.js';
import { TmuxProbe } from '../tmux/tmuxProbe.js';
import { isAllowedOrigin } from '../ws/origin.js';
import { createUpgradeHandler, type UpgradeHandler } from '../ws/upgrade.js';
import type { Foundation } from './foundation.js';
import { createHttpApp } from './httpApp.js';
import { GatewayListeners } from './listeners.js';
import { createTlsReloader } from './operations.js';
import type { SessionParts } from './sessionParts.js';
import { hostNamesOf } from './startupWarnings.js';

export interface Serving {
  listeners: GatewayListeners;
  oneTimeTokens: OneTimeTokens;
  tlsReloader: TlsReloader | undefined;
}

export interface ServingOptions {
  clientDir?: string | undefined;
  heartbeatMs?: number | undefined;
}

export function startServing(
  config: GatewayConfig,
  parts: AsyncDisposableStore,
  deps: { base: Foundation; live: SessionParts; options: ServingOptions },
): Serving {
  const { base, live } = deps;
  const { log, metrics, tls, address } = base;
  const hosts = new HostAllowList(hostNamesOf(config));
  const oneTimeTokens = new OneTimeTokens();
  const app = createHttpApp({
    ...base,
    ...live,
    config,
    hosts,
    oneTimeTokens,
    tls: tls !== undefined,
    tmuxProbe: new TmuxProbe(),
    // Closing begins with disposing the parts: /readyz answers 503 from then on.
    closing: () => parts.isDisposed,
    clientDir: deps.options.clientDir,
  });
  const control = controlApp({
    sessions: live.sessions,
    links: live.links,
    pairs: live.pairs,
    log,
    baseUrl: () => address.url(),
    actor: `${userInfo().username} (control socket)`,
  });
  const upgrades = upgradeHandler(config, hosts, deps);
  const listeners = parts.add(
    new GatewayListeners({ ...base, ...live, config, app, controlApp: control, upgrades }),
  );
  const tlsReloader = createTlsReloader(listeners.https, config, log, metrics);
  return { listeners, oneTimeTokens, tlsReloader };
}

function upgradeHandler(
  config: GatewayConfig,
  hosts: HostAllowList,
  deps: { base: Foundation; live: SessionParts; options: ServingOptions },
): UpgradeHandler {
  const { base, live } = deps;
  const { trust } = base;
  return createUpgradeHandler({
    sessions: live.sessions,
    auth: live.signIn.auth,
    isAllowedHost: (req) => hosts.allows(req),
    isAllowedOrigin: (req) => isAllowedOrigin(req, config.publicUrl, isHttpsRequest(req, trust)),
    clientAddress: (req) => clientAddress(req, trust),
    metrics: base.metrics,
    audit: base.audit,
    log: base.log,
    limits: base.limits,
    heartbeatMs: deps.options.heartbeatMs,
    onInput: (session, identity, bytes) => live.recordings.recordInput(session, identity, bytes),
    linkAllowsHistory: (linkId) => live.links.allowsHistory(linkId),
  });
}
