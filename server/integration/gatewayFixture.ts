// The real gateway, in-process on a free loopback port, with a login cookie ready for tests.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Gateway } from '../app.js';
import type {
  AuditRotationConfig,
  AuthConfig,
  GatewayConfigInput,
  HistoryConfig,
  LimitsConfig,
  SessionConfig,
  UserConfig,
} from '../config/gatewayConfig.js';
import type { Identity } from '../auth/identity.js';
import { createLogger } from '../log.js';
import type { TmuxServerFactory } from '../sessions/sessionRegistry.js';
import { signIn } from '../../testing/httpsClient.js';

export interface GatewayFixture {
  gateway: Gateway;
  url: string;
  port: number;
  /** Where /metrics is served when metrics have a listener of their own. */
  metricsUrl: string | undefined;
  stateDir: string;
  logs: Array<Record<string, unknown>>;
  /** Signs `identity` in through a one-time login link and returns its Cookie header value. */
  login(identity?: Identity): Promise<string>;
  /** Signs in with a password through POST /api/login and returns the Cookie header value. */
  loginAs(username: string, password: string): Promise<string>;
  /** The audit log's records so far. */
  audit(): Promise<Array<Record<string, unknown>>>;
  cleanup(): Promise<void>;
}

// Sessions the gateway creates (create: true, pairs) run $SHELL: in tests, one that reads no rc
// files (a ~/.bashrc killed mid-way with its tmux server has left locks that hung later shells).
process.env.SHELL = '/bin/sh';

export const OWNER: Identity = { name: 'owner', kind: 'local', admin: true };

export async function startGateway(
  sessions: SessionConfig[],
  options: {
    stateDir?: string;
    port?: number;
    users?: UserConfig[];
    publicUrl?: string;
    /** More names the gateway answers to (Host check). */
    allowedHosts?: string[];
    now?: () => number;
    heartbeatMs?: number;
    /** Each session's tmux server (a fake, for tests that drive the gateway without tmux). */
    tmuxFor?: TmuxServerFactory;
    limits?: LimitsConfig;
    /** The history section (page and snapshot bounds, rate). */
    history?: HistoryConfig;
    /** Rotation of the audit log. */
    audit?: AuditRotationConfig;
    /** Sign-in methods beyond passwords (OIDC, trusted proxy). */
    auth?: AuthConfig;
    /** Operations settings: listen.tls, trustProxy, metrics, log. */
    operations?: Pick<GatewayConfigInput, 'trustProxy' | 'metrics' | 'log'> & {
      tls?: { cert: string; key: string };
    };
    /** Certificate to trust for the fixture's own requests (with operations.tls). */
    ca?: Buffer;
  } = {},
): Promise<GatewayFixture> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'tg-state-')));
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger('debug', (line) =>
    logs.push(JSON.parse(line) as Record<string, unknown>),
  );
  const gateway = await createServer(
    {
      listen: {
        host: '127.0.0.1',
        port: options.port ?? 0,
        ...(options.operations?.tls ? { tls: options.operations.tls } : {}),
      },
      ...(options.operations?.trustProxy ? { trustProxy: options.operations.trustProxy } : {}),
      ...(options.operations?.metrics ? { metrics: options.operations.metrics } : {}),
      users: options.users ?? [],
      stateDir,
      sessions,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.history ? { history: options.history } : {}),
      ...(options.auth ? { auth: options.auth } : {}),
    },
    {
      log,
      ...(options.now ? { now: options.now } : {}),
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
      ...(options.tmuxFor ? { tmuxFor: options.tmuxFor } : {}),
    },
  );
  const { url, port, metricsUrl } = await gateway.listen();
  return {
    gateway,
    url,
    port,
    metricsUrl,
    stateDir,
    logs,
    login: (identity = OWNER) => signIn(gateway.issueLoginUrl(identity), options.ca),
    loginAs: async (username, password) => {
      const response = await fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      const cookie = response.headers.get('set-cookie');
      if (response.status !== 204 || !cookie)
        throw new Error(`login failed with ${response.status}`);
      return cookie.split(';')[0]!;
    },
    audit: async () =>
      (await readFile(join(stateDir, 'audit.log'), 'utf8'))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    cleanup: async () => {
      await gateway.close();
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export function sessionOn(
  socket: string,
  name = 'main',
  overrides: Partial<SessionConfig> = {},
): SessionConfig {
  return { name, socket, target: name, create: false, access: {}, ...overrides };
}
