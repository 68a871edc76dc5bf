// The gateway's express app: security headers and the Host and Origin checks first, then
// readiness, metrics, the API and the pages, and the one final error handler.

import express, { type Express } from 'express';
import type { AuditLog } from '../audit.js';
import { FlowCookie } from '../auth/oidc/flowCookie.js';
import type { OidcLogin } from '../auth/oidc/oidcLogin.js';
import type { OneTimeTokens } from '../auth/oneTimeTokens.js';
import { FailureRateLimiter, LOGIN_FAILURES_PER_IP } from '../auth/rateLimiter.js';
import type { GatewayConfig, LimitsConfig } from '../config/gatewayConfig.js';
import { auditApi } from '../http/auditRoutes.js';
import { authMethodsApi } from '../http/authMethodsRoute.js';
import { clientApi } from '../http/clientRoutes.js';
import { errorHandler } from '../http/errors.js';
import { readinessRoutes } from '../http/health.js';
import { hostCheck, type HostAllowList } from '../http/hostCheck.js';
import { historyApi } from '../http/historyRoutes.js';
import { joinPage, linkApi } from '../http/linkRoutes.js';
import { oidcRoutes } from '../http/oidcRoutes.js';
import { originCheck } from '../http/originCheck.js';
import { isOwnOrigin } from '../http/ownOrigin.js';
import { isHttpsRequest, type ProxyTrust } from '../http/proxyTrust.js';
import { apiRoutes } from '../http/routes.js';
import { securityHeaders } from '../http/security.js';
import { staticFiles } from '../http/staticFiles.js';
import type { HistoryService } from '../history/historyService.js';
import type { LinkService } from '../links/linkService.js';
import type { Logger } from '../log.js';
import type { GatewayMetrics } from '../metrics/gatewayMetrics.js';
import { metricsRoute } from '../metrics/metricsServer.js';
import type { RecordingManager } from '../recording/recordingManager.js';
import { recordingApi } from '../http/recordingRoutes.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import type { TmuxProbe } from '../tmux/tmuxProbe.js';
import type { SignIn } from './signIn.js';

export interface HttpAppParts {
  config: GatewayConfig;
  limits: LimitsConfig;
  log: Logger;
  audit: AuditLog;
  trust: ProxyTrust;
  hosts: HostAllowList;
  /** HSTS is sent only when the gateway itself speaks TLS. */
  tls: boolean;
  alwaysSecure: boolean;
  secret: Buffer;
  oidc: OidcLogin | undefined;
  signIn: SignIn;
  sessions: SessionRegistry;
  links: LinkService;
  recordings: RecordingManager;
  history: HistoryService;
  oneTimeTokens: OneTimeTokens;
  metrics: GatewayMetrics | undefined;
  tmuxProbe: TmuxProbe;
  /** True once the gateway is shutting down (/readyz answers 503). */
  closing: () => boolean;
  clientDir: string | undefined;
}

export function createHttpApp(parts: HttpAppParts): Express {
  const { config, log, trust } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', (address: string) => trust(address));
  app.use(securityHeaders({ hsts: parts.tls }));
  app.use(hostCheck(parts.hosts, log));
  app.use(
    originCheck(
      (origin, req) => isOwnOrigin(origin, req, config.publicUrl, isHttpsRequest(req, trust)),
      log,
    ),
  );
  app.use(readinessRoutes({ tmux: parts.tmuxProbe, closing: parts.closing }));
  if (parts.metrics && !config.metrics.listen) app.use(metricsRoute(parts.metrics));
  app.use(express.json({ limit: parts.limits.httpBodyBytes }));
  if (parts.oidc) {
    const flowCookie = new FlowCookie(parts.secret, { secure: parts.alwaysSecure });
    const failuresPerIp = new FailureRateLimiter(LOGIN_FAILURES_PER_IP);
    const { auth } = parts.signIn;
    app.use(
      oidcRoutes({ oidc: parts.oidc, flowCookie, auth, audit: parts.audit, log, failuresPerIp }),
    );
  }
  app.use(apiRoutes(apiContext(parts)));
  app.use(joinPage(linkContext(parts)));
  app.use(staticFiles(parts.clientDir));
  app.use(errorHandler(log));
  return app;
}

function linkContext(parts: HttpAppParts) {
  const { sessions, links, config } = parts;
  return { sessions, auth: parts.signIn.auth, links, publicUrl: config.publicUrl };
}

function apiContext(parts: HttpAppParts) {
  const { sessions, audit, log, config, recordings } = parts;
  const { auth, login } = parts.signIn;
  return {
    sessions,
    auth,
    oneTimeTokens: parts.oneTimeTokens,
    audit,
    log,
    extraApi: [
      authMethodsApi(config),
      login,
      linkApi(linkContext(parts)),
      clientApi({ sessions, auth, audit }),
      auditApi({ auth, stateDir: config.stateDir }),
      recordingApi({ sessions, auth, recordings }),
      historyApi({
        sessions,
        auth,
        history: parts.history,
        linkAllowsHistory: (id) => parts.links.allowsHistory(id),
      }),
    ],
  };
}
