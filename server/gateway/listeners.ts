// Every socket the gateway listens on (the main HTTP(S) port, the control socket, the metrics
// port) and the shutdown of all of them: browsers get `exit shutdown` and a grace to read it.

import type { Express } from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import {
  claimControlSocket,
  controlSocketPath,
  restrictControlSocket,
} from '../control/controlSocket.js';
import { guardHttpServer } from '../http/serverErrors.js';
import type { Logger } from '../log.js';
import type { GatewayMetrics } from '../metrics/gatewayMetrics.js';
import { listenForMetrics, type MetricsListener } from '../metrics/metricsServer.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import type { TlsCredentials } from '../tls/tlsCredentials.js';
import type { UpgradeHandler } from '../ws/upgrade.js';
import type { PublicAddress } from './publicAddress.js';

/** On shutdown, how long browsers get to receive their `exit` before sockets are cut. */
const SHUTDOWN_GRACE_MS = 1000;

export interface Listening {
  host: string;
  port: number;
  url: string;
  metricsUrl?: string;
}

export interface ListenerParts {
  config: GatewayConfig;
  log: Logger;
  app: Express;
  /** The control socket's app (control/controlApp.ts). */
  controlApp: Express;
  upgrades: UpgradeHandler;
  tls: TlsCredentials | undefined;
  metrics: GatewayMetrics | undefined;
  sessions: SessionRegistry;
  address: PublicAddress;
}

/** The host to print in URLs: a wildcard bind is reached through loopback. */
function displayHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

export class GatewayListeners {
  /** The main server when it speaks TLS (the TLS reloader swaps its context). */
  readonly https: HttpsServer | undefined;
  private readonly server: Server;
  private readonly control: Server;
  private metricsListener: MetricsListener | undefined;
  /** How many browsers were told `exit shutdown` (for the `closed` log line). */
  endedClients = 0;

  constructor(private readonly parts: ListenerParts) {
    const { tls, app, log } = parts;
    this.https = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, app) : undefined;
    this.server = this.https ?? createHttpServer(app);
    this.control = createHttpServer(parts.controlApp);
    guardHttpServer(this.server, log);
    this.server.on('upgrade', parts.upgrades.handle);
  }

  /** The control socket, then the metrics port, then the main port. */
  async listen(): Promise<Listening> {
    const { config, metrics, log } = this.parts;
    const controlPath = controlSocketPath(config.stateDir);
    await claimControlSocket(controlPath);
    await new Promise<void>((resolve, reject) => {
      this.control.once('error', reject);
      this.control.listen(controlPath, () => resolve());
    });
    await restrictControlSocket(controlPath);
    if (metrics && config.metrics.listen) {
      this.metricsListener = await listenForMetrics(config.metrics.listen, metrics);
      log.info('metrics_listening', { url: this.metricsListener.url });
    }
    const metricsUrl = this.metricsListener?.url;
    const address = await this.listenMain();
    const url = `${this.parts.tls ? 'https' : 'http'}://${displayHost(address)}:${address.port}`;
    this.parts.address.listeningAt(url);
    log.info('listening', { host: address.address, port: address.port, tls: !!this.parts.tls });
    return {
      host: address.address,
      port: address.port,
      url,
      ...(metricsUrl ? { metricsUrl } : {}),
    };
  }

  private listenMain(): Promise<AddressInfo> {
    const { server } = this;
    const { listen } = this.parts.config;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port, listen.host, () => {
        server.off('error', reject);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  /** Tells every browser `exit shutdown`, then stops listening; cuts sockets after the grace. */
  async dispose(): Promise<void> {
    const { server, control } = this;
    await this.metricsListener?.close();
    const members = this.parts.sessions.allMembers();
    for (const member of members) member.end('shutdown', 'The gateway is restarting.');
    this.endedClients = members.length;
    this.parts.upgrades.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const controlClosed = new Promise<void>((resolve) => control.close(() => resolve()));
    control.closeAllConnections();
    server.closeIdleConnections();
    const grace = setTimeout(
      () => server.closeAllConnections(),
      members.length > 0 ? SHUTDOWN_GRACE_MS : 0,
    );
    await Promise.all([closed, controlClosed]);
    clearTimeout(grace);
  }
}
