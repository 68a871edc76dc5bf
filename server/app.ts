// Builds the gateway from a config: HTTP app, WebSocket upgrades, sessions. Tests start it in-process.

import express from 'express';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_LIMITS, type GatewayConfig } from './config.js';
import type { Identity } from './auth/identity.js';
import { userInfo } from 'node:os';
import { openAuditLog } from './audit.js';
import { controlApp } from './control/controlApp.js';
import {
  claimControlSocket,
  controlSocketPath,
  restrictControlSocket,
} from './control/controlSocket.js';
import { Authenticator } from './auth/authenticator.js';
import { LocalUsers } from './auth/localUsers.js';
import { LoginCookieSigner } from './auth/loginCookie.js';
import {
  FailureRateLimiter,
  LOGIN_FAILURES_PER_IP,
  LOGIN_FAILURES_PER_USER,
} from './auth/rateLimiter.js';
import { RevokedLogins } from './auth/revokedLogins.js';
import { loginRoutes } from './http/loginRoutes.js';
import { joinPage, linkApi } from './http/linkRoutes.js';
import { auditApi } from './http/auditRoutes.js';
import { clientApi } from './http/clientRoutes.js';
import { PresenceBroadcaster } from './sessions/presence.js';
import { RecordingManager } from './recording/recordingManager.js';
import { recordingApi } from './recording/recordingRoutes.js';
import { LinkService } from './links/linkService.js';
import { ShareLinks } from './links/shareLinks.js';
import { PairManager } from './pair/pairManager.js';
import { PairStore } from './pair/pairStore.js';
import { sharedSocketWarnings } from './sessions/trustDomains.js';
import { socketPermissionWarnings } from './tmux/socketPermissions.js';
import { OneTimeTokens } from './auth/oneTimeTokens.js';
import { errorHandler } from './http/errors.js';
import { HostAllowList, hostCheck, wildcardBindWarning } from './http/hostCheck.js';
import { originCheck } from './http/originCheck.js';
import { isOwnOrigin } from './http/ownOrigin.js';
import { guardHttpServer } from './http/serverErrors.js';
import { apiRoutes } from './http/routes.js';
import { securityHeaders } from './http/security.js';
import { staticFiles } from './http/staticFiles.js';
import type { Logger } from './log.js';
import { SessionRegistry } from './sessions/sessionRegistry.js';
import { ensureStateDir } from './state/stateDir.js';
import { loadOrCreateSecret } from './state/secret.js';
import { isAllowedOrigin } from './ws/origin.js';
import { createUpgradeHandler } from './ws/upgrade.js';
// Sign-in beyond passwords (issue #9, docs/auth.md).
import { readClientSecret } from './auth/oidc/clientSecret.js';
import { FlowCookie } from './auth/oidc/flowCookie.js';
import { OidcLogin } from './auth/oidc/oidcLogin.js';
import { referencedGroups } from './auth/principalNames.js';
import { ProxyLogin } from './auth/proxyLogin.js';
import { authMethodsApi } from './http/authMethodsRoute.js';
import { oidcRoutes } from './http/oidcRoutes.js';
// Operations (issue #9): TLS, trusted proxies, metrics, readiness.
import { clientAddress, compileProxyTrust, isHttpsRequest } from './http/proxyTrust.js';
import { readinessRoutes } from './http/health.js';
import { GatewayMetrics } from './metrics/gatewayMetrics.js';
import { meteredAudit } from './metrics/meteredAudit.js';
import { listenForMetrics, metricsRoute, type MetricsListener } from './metrics/metricsServer.js';
import { readTlsCredentials } from './tls/tlsCredentials.js';
import { TlsReloader } from './tls/tlsReloader.js';
import { TmuxProbe } from './tmux/tmuxProbe.js';

/** On shutdown, how long browsers get to receive their `exit` before sockets are cut. */
const SHUTDOWN_GRACE_MS = 1000;

/** The host to print in URLs: a wildcard bind is reached through loopback. */
function displayHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

export interface Gateway {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(): Promise<{ host: string; port: number; url: string; metricsUrl?: string }>;
  /** Tells every browser `exit shutdown`, ends every attach pty, stops listening. Sessions live on. */
  close(): Promise<void>;
  /** A one-time login URL for `identity` (what `serve` prints for the embedded default). */
  issueLoginUrl(identity: Identity): string;
  readonly sessions: SessionRegistry;
  /** Share links of every session (used by the control socket and tests). */
  readonly links: LinkService;
  /** The URL the gateway is reached at: publicUrl, or the listening address once listening. */
  baseUrl(): string;
  /** Re-reads the TLS certificate and key (SIGHUP); false when refused or TLS is off. */
  reloadTls(): Promise<boolean>;
  /** Problems found at start that do not stop the gateway (shared sockets, loose permissions). */
  readonly warnings: readonly string[];
}

export interface GatewayOptions {
  log: Logger;
  /** Folder of the built client; defaults to dist/client in the package. */
  clientDir?: string;
  /** The clock for expiries (links, pair sessions); tests move it. */
  now?: () => number;
  /** WebSocket ping interval; HEARTBEAT_INTERVAL_MS unless a test shortens it. */
  heartbeatMs?: number;
}

export async function createServer(
  config: GatewayConfig,
  options: GatewayOptions,
): Promise<Gateway> {
  const { log } = options;
  // ── Sign-in methods (auth, docs/auth.md); the OIDC secret is read before anything is created ──
  const authConfig = config.auth ?? { local: true };
  // Groups matter only where an access map names them; others are dropped at sign-in.
  const groupsInUse = referencedGroups(config.sessions.map((session) => session.access));
  const oidc =
    authConfig.oidc &&
    new OidcLogin(
      authConfig.oidc,
      await readClientSecret(authConfig.oidc),
      groupsInUse,
      () => config.publicUrl ?? baseUrl,
      log,
    );
  await ensureStateDir(config.stateDir, log);
  const limits = config.limits ?? DEFAULT_LIMITS;
  const secret = await loadOrCreateSecret(config.stateDir);
  const now = options.now ?? Date.now;
  const signer = new LoginCookieSigner(secret, now);
  const users = new LocalUsers(config.users);
  // Operations: TLS files are read (and checked) before anything listens; proxies are trusted
  // only when listed; metrics exist only when enabled.
  const tls = config.listen.tls ? await readTlsCredentials(config.listen.tls) : undefined;
  const trust = compileProxyTrust(config.trustProxy);
  const alwaysSecure = tls !== undefined || (config.publicUrl?.startsWith('https:') ?? false);
  const metrics = config.metrics?.enabled ? new GatewayMetrics(() => sessions.all()) : undefined;
  if (tls) metrics?.tlsLoaded(tls.notAfter);
  const tmuxProbe = new TmuxProbe();
  let closing = false;
  const audit = meteredAudit(openAuditLog(config.stateDir, { rotation: config.audit }), metrics);
  const proxyLogin = authConfig.proxy && new ProxyLogin(authConfig.proxy, groupsInUse, audit, log);
  const recordings = new RecordingManager({
    stateDir: config.stateDir,
    limits: config.recording,
    audit,
    log,
  });
  const sessions = new SessionRegistry(
    config.sessions,
    (session) => {
      const presence = new PresenceBroadcaster(session, log);
      const stopRecording = recordings.attach(session);
      return () => {
        presence.stop();
        stopRecording();
      };
    },
    limits,
  );
  const links = new LinkService(await ShareLinks.load(config.stateDir, now), sessions, audit, now);
  const auth = new Authenticator({
    signer,
    revoked: await RevokedLogins.load(config.stateDir, { log, now }),
    users,
    cookieOptions: (req) => ({ secure: alwaysSecure || isHttpsRequest(req, trust) }),
    guestLinkUsable: (linkId) => links.isUsable(linkId),
    proxy: proxyLogin,
    now,
  });
  const pairs = new PairManager({
    stateDir: config.stateDir,
    store: await PairStore.load(config.stateDir),
    sessions,
    links,
    audit,
    log,
    now,
  });
  await pairs.start();
  const oneTimeTokens = new OneTimeTokens();
  const linkContext = { sessions, auth, links, publicUrl: config.publicUrl };
  const warnings = sharedSocketWarnings(config.sessions);
  for (const socket of new Set(config.sessions.map((session) => session.socket))) {
    warnings.push(...(await socketPermissionWarnings(socket)));
  }
  // DNS rebinding: only requests for the gateway's own names are answered (http/hostCheck.ts).
  const hostNames = {
    publicUrl: config.publicUrl,
    listenHost: config.listen.host,
    allowedHosts: config.allowedHosts,
  };
  const hosts = new HostAllowList(hostNames);
  const wildcardWarning = wildcardBindWarning(hostNames);
  if (wildcardWarning) warnings.push(wildcardWarning);
  for (const warning of warnings) log.warn('startup_warning', { warning });
  const login = loginRoutes({
    local: authConfig.local,
    users,
    auth,
    audit,
    log,
    limits: {
      perIp: new FailureRateLimiter(LOGIN_FAILURES_PER_IP, now),
      perUser: new FailureRateLimiter(LOGIN_FAILURES_PER_USER, now),
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', (address: string) => trust(address));
  app.use(securityHeaders({ hsts: tls !== undefined }));
  app.use(hostCheck(hosts, log));
  app.use(
    originCheck(
      (origin, req) => isOwnOrigin(origin, req, config.publicUrl, isHttpsRequest(req, trust)),
      log,
    ),
  );
  app.use(readinessRoutes({ tmux: tmuxProbe, closing: () => closing }));
  if (metrics && !config.metrics?.listen) app.use(metricsRoute(metrics));
  app.use(express.json({ limit: limits.httpBodyBytes }));
  if (oidc) {
    const flowCookie = new FlowCookie(secret, { secure: alwaysSecure });
    const failuresPerIp = new FailureRateLimiter(LOGIN_FAILURES_PER_IP);
    app.use(oidcRoutes({ oidc, flowCookie, auth, audit, log, failuresPerIp }));
  }
  app.use(
    apiRoutes({
      sessions,
      auth,
      oneTimeTokens,
      audit,
      log,
      extraApi: [
        authMethodsApi({
          local: authConfig.local,
          ...(authConfig.oidc ? { oidc: { name: authConfig.oidc.displayName } } : {}),
        }),
        login,
        linkApi(linkContext),
        clientApi({ sessions, auth, audit }),
        auditApi({ auth, stateDir: config.stateDir }),
        recordingApi({ sessions, auth, recordings }),
      ],
    }),
  );
  app.use(joinPage(linkContext));
  app.use(staticFiles(options.clientDir));
  app.use(errorHandler(log));

  const httpsServer = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, app) : undefined;
  const server: Server = httpsServer ?? createHttpServer(app);
  const tlsReloader =
    httpsServer && config.listen.tls
      ? new TlsReloader(httpsServer, config.listen.tls, log, {
          loaded: (credentials) => {
            metrics?.tlsLoaded(credentials.notAfter);
            metrics?.tlsReloaded('ok');
          },
          refused: () => metrics?.tlsReloaded('refused'),
        })
      : undefined;
  let metricsListener: MetricsListener | undefined;
  const controlPath = controlSocketPath(config.stateDir);
  const controlServer: Server = createHttpServer(
    controlApp({
      sessions,
      links,
      pairs,
      baseUrl: () => config.publicUrl ?? baseUrl,
      actor: `${userInfo().username} (control socket)`,
      log,
    }),
  );
  const upgrades = createUpgradeHandler({
    sessions,
    auth,
    isAllowedHost: (req) => hosts.allows(req),
    isAllowedOrigin: (req) => isAllowedOrigin(req, config.publicUrl, isHttpsRequest(req, trust)),
    clientAddress: (req) => clientAddress(req, trust),
    metrics,
    audit,
    log,
    onInput: (session, identity, bytes) => recordings.recordInput(session, identity, bytes),
    heartbeatMs: options.heartbeatMs,
    limits,
  });
  guardHttpServer(server, log);
  server.on('upgrade', upgrades.handle);

  links.start();
  let baseUrl = '';
  return {
    sessions,
    links,
    baseUrl: () => config.publicUrl ?? baseUrl,
    warnings,
    reloadTls: async () => {
      if (!tlsReloader) {
        log.warn('tls_reload_skipped', { reason: 'TLS is not configured (listen.tls)' });
        return false;
      }
      return tlsReloader.reload();
    },
    listen: async () => {
      await claimControlSocket(controlPath);
      await new Promise<void>((resolve, reject) => {
        controlServer.once('error', reject);
        controlServer.listen(controlPath, () => resolve());
      });
      await restrictControlSocket(controlPath);
      if (metrics && config.metrics?.listen) {
        metricsListener = await listenForMetrics(config.metrics.listen, metrics);
        log.info('metrics_listening', { url: metricsListener.url });
      }
      const metricsUrl = metricsListener?.url;
      return new Promise((resolve, reject) => {
        const failed = (error: Error) => {
          void metricsListener?.close();
          reject(error);
        };
        server.once('error', failed);
        server.listen(config.listen.port, config.listen.host, () => {
          server.off('error', failed);
          const address = server.address() as AddressInfo;
          const host = displayHost(address);
          baseUrl = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
          log.info('listening', { host: address.address, port: address.port, tls: !!tls });
          resolve({
            host: address.address,
            port: address.port,
            url: baseUrl,
            ...(metricsUrl ? { metricsUrl } : {}),
          });
        });
      });
    },
    issueLoginUrl: (identity) => {
      const token = oneTimeTokens.issue(identity);
      return `${config.publicUrl ?? baseUrl}/login?token=${token}`;
    },
    close: async () => {
      closing = true;
      await metricsListener?.close();
      const members = sessions.allMembers();
      for (const member of members) member.end('shutdown', 'The gateway is restarting.');
      upgrades.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const controlClosed = new Promise<void>((resolve) => controlServer.close(() => resolve()));
      controlServer.closeAllConnections();
      server.closeIdleConnections();
      const grace = setTimeout(
        () => server.closeAllConnections(),
        members.length > 0 ? SHUTDOWN_GRACE_MS : 0,
      );
      await Promise.all([closed, controlClosed]);
      clearTimeout(grace);
      links.stop();
      pairs.stop();
      recordings.close();
      sessions.dispose();
      audit.close();
      log.info('closed', { clients: members.length });
    },
  };
}
