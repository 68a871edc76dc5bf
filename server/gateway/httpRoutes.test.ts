// Unit test: every route the gateway's express app registers is in the HTTP contract
// (shared/httpApi.ts) or named here as a page, a redirect or a file; and every contract entry is
// served. Adding a JSON endpoint without its schemas fails here.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import express, { type Express } from 'express';
import type { AddressInfo } from 'node:net';
import { OIDC_LOGIN_PATH } from '../../shared/authMethods.js';
import { RECORDING_FILE_PATH } from '../../shared/api/recordings.js';
import { api, API_PREFIX, API_ROUTES } from '../../shared/httpApi.js';
import type { AuditLog } from '../audit.js';
import type { Authenticator } from '../auth/authenticator.js';
import { LocalUsers } from '../auth/localUsers.js';
import { OIDC_CALLBACK_PATH, type OidcLogin } from '../auth/oidc/oidcLogin.js';
import { FailureRateLimiter, LOGIN_FAILURES_PER_IP } from '../auth/rateLimiter.js';
import { resolveConfig, type LimitsConfig } from '../config/gatewayConfig.js';
import { authMethodsApi } from '../http/authMethodsRoute.js';
import { loginRoutes } from '../http/loginRoutes.js';
import type { HistoryService } from '../history/historyService.js';
import type { LinkService } from '../links/linkService.js';
import { createLogger } from '../log.js';
import type { GatewayMetrics } from '../metrics/gatewayMetrics.js';
import type { RecordingManager } from '../recording/recordingManager.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import type { TmuxProbe } from '../tmux/tmuxProbe.js';
import type { OneTimeTokens } from '../auth/oneTimeTokens.js';
import { createHttpApp } from './httpApp.js';

/** Routes that answer with something other than JSON on success, and what they answer. */
const NOT_JSON = [
  'GET /metrics', // Prometheus text
  `GET ${OIDC_LOGIN_PATH}`, // redirect to the OpenID provider
  `GET ${OIDC_CALLBACK_PATH}`, // redirect home with a login cookie
  'GET /login', // the one-time login link: redirect with a cookie, or an HTML page
  'GET /join/:token', // an HTML page for a share link that is not valid
  `GET ${RECORDING_FILE_PATH}`, // an asciicast file
  // The client's own pages (index.html).
  'GET /',
  'GET /s/:name',
  'GET /s/:name/recordings',
];

/** Parts that are only used while a request is answered: construction never touches them. */
const unused = <T>(): T => ({}) as T;

function gatewayApp(): Express {
  const log = createLogger('error', () => undefined);
  const users = new LocalUsers([]);
  const auth = unused<Authenticator>();
  const login = loginRoutes({
    local: true,
    users,
    auth,
    audit: unused<AuditLog>(),
    log,
    limits: {
      perIp: new FailureRateLimiter(LOGIN_FAILURES_PER_IP),
      perUser: new FailureRateLimiter(LOGIN_FAILURES_PER_IP),
    },
  });
  return createHttpApp({
    config: resolveConfig({
      listen: { host: '127.0.0.1', port: 0 },
      stateDir: '/nonexistent',
      sessions: [],
      users: [],
    }),
    limits: { httpBodyBytes: 1024 } as LimitsConfig,
    log,
    audit: unused<AuditLog>(),
    trust: () => false,
    hosts: unused(),
    tls: false,
    alwaysSecure: false,
    secret: Buffer.alloc(32),
    // Every optional part present, so that each of their routes is registered.
    oidc: unused<OidcLogin>(),
    signIn: { auth, users, login },
    sessions: unused<SessionRegistry>(),
    links: unused<LinkService>(),
    recordings: unused<RecordingManager>(),
    history: unused<HistoryService>(),
    oneTimeTokens: unused<OneTimeTokens>(),
    metrics: unused<GatewayMetrics>(),
    tmuxProbe: unused<TmuxProbe>(),
    closing: () => false,
    clientDir: '/nonexistent',
  });
}

/** What express keeps of a router's entries (the `router` package's Layer and Route). */
interface Layer {
  rawPath?: unknown;
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** `METHOD /path` of every route under `stack`, mount paths included. */
function registeredRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all');
      return paths.flatMap((path) => methods.map((m) => `${m.toUpperCase()} ${prefix}${path}`));
    }
    if (!layer.handle?.stack) return [];
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return registeredRoutes(layer.handle.stack, `${prefix}${mount}`);
  });
}

describe('the gateway serves the HTTP contract', () => {
  it('registers exactly the contract endpoints, plus the pages, redirects and files named here', () => {
    const app = gatewayApp() as unknown as { router: { stack: Layer[] } };
    const registered = registeredRoutes(app.router.stack);
    const contract = API_ROUTES.map((route) => `${route.method} ${route.path}`);
    assert.equal(new Set(contract).size, contract.length, 'each endpoint is in the table once');
    assert.deepEqual(
      [...new Set(registered)].sort(),
      [...new Set([...contract, ...NOT_JSON])].sort(),
      'a JSON endpoint needs its schemas in shared/httpApi.ts',
    );
  });

  it('answers /api/auth/methods in the shape the contract gives', async () => {
    const app = express().use(
      API_PREFIX,
      authMethodsApi(
        resolveConfig({
          listen: { host: '127.0.0.1', port: 0 },
          stateDir: '/nonexistent',
          sessions: [],
          users: [],
        }),
      ),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${String(port)}${api.authMethods.path}`);
      const body = api.authMethods.response.parse(await response.json());
      assert.deepEqual(body, { local: false, proxyOnly: false, oneTimeLink: true });
    } finally {
      server.close();
    }
  });
});
