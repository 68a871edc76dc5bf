// The gateway in a process of its own (testing/gatewayProcess.ts), signed in, for tests that
// measure the gateway alone (memory, file descriptors, children) or stop and restart it.

import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { TestContext } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig, SessionConfig } from '../config/gatewayConfig.js';
import { launchTestEntry } from '../../testing/gatewayProcess.js';
import { signIn } from '../../testing/httpsClient.js';
import { sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import type { TmuxFixture } from './tmuxFixture.js';

export interface GatewayProcess {
  url: string;
  port: number;
  stateDir: string;
  cookie: string;
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  /** Resident set size of the gateway process, in bytes. */
  rss(): Promise<number>;
  /** Open file descriptors of the gateway process. */
  openFds(): Promise<number>;
  /** Live child processes of the gateway (its tmux attach clients). */
  children(): Promise<number>;
  /** SIGTERM and wait for the exit code; the state directory is kept. */
  terminate(): Promise<number | null>;
  /** Stops it if running and removes the state directory it made. */
  stop(): Promise<void>;
}

export async function spawnGateway(
  sessions: SessionConfig[],
  options: {
    stateDir?: string;
    port?: number;
    env?: Record<string, string>;
    /** Serve https with these files; `ca` is what the fixture trusts to sign in. */
    tls?: { cert: string; key: string; ca: Buffer };
    /** Metrics settings, as in the configuration file. */
    metrics?: GatewayConfig['metrics'];
  } = {},
): Promise<GatewayProcess> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'tg-state-')));
  const config = {
    listen: {
      host: '127.0.0.1',
      port: options.port ?? 0,
      ...(options.tls ? { tls: { cert: options.tls.cert, key: options.tls.key } } : {}),
    },
    users: [],
    stateDir,
    sessions,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  // Sessions it creates run $SHELL: one that reads no rc files.
  const env = { ...process.env, SHELL: '/bin/sh', ...options.env };
  const logs: Array<Record<string, unknown>> = [];
  const onStderrLine = (line: string) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ raw: line });
    }
  };
  const { process: gateway, url, loginUrl } = await launchTestEntry(config, { env, onStderrLine });
  const cookie = await signIn(loginUrl, options.tls?.ca);
  return {
    url,
    port: Number(new URL(url).port),
    stateDir,
    cookie,
    child: gateway.child,
    logs,
    rss: () => gateway.rss(),
    openFds: () => gateway.openFds(),
    children: () => gateway.children(),
    terminate: () => gateway.stop(),
    stop: async () => {
      await gateway.stop();
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * A gateway process over `sessions` (default: `tmux`'s main) and a writer on main at its prompt,
 * the bystander whose echo must keep working; both end with the test.
 */
export async function spawnWithBystander(
  t: TestContext,
  tmux: TmuxFixture,
  sessions: SessionConfig[] = [sessionOn(tmux.socket)],
): Promise<{ gw: GatewayProcess; bystander: TestClient }> {
  const gw = await spawnGateway(sessions);
  t.after(() => gw.stop());
  const bystander = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
  t.after(() => bystander.close());
  await bystander.waitForScreen(/tg\$/);
  return { gw, bystander };
}
