// Starts the real gateway (server/integration/gatewayProcess.ts) as its own process on loopback.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type GatewayConfigInput } from '../server/config/gatewayConfig.js';
import { SESSION, type TmuxServer } from './tmuxServer.js';

const entry = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'server',
  'integration',
  'gatewayProcess.ts',
);

/** Room for the largest fan-out asked for (1000 viewers) plus the writer and the frozen viewer. */
const CLIENT_LIMIT = 2100;
/** Log lines kept to explain a gateway that failed. */
const KEPT_LOG_LINES = 40;
/** SIGTERM grace before SIGKILL when stopping. */
const STOP_GRACE_MS = 10_000;

export interface GatewayProcess {
  url: string;
  pid: number;
  /** Session cookie of the one-time admin login (owner of every session). */
  ownerCookie: string;
  stop(): Promise<void>;
}

export async function startGatewayProcess(tmux: TmuxServer): Promise<GatewayProcess> {
  const stateDir = await mkdtemp(join(tmpdir(), 'tg-bench-state-'));
  const config: GatewayConfigInput = {
    listen: { host: '127.0.0.1', port: 0 },
    users: [],
    stateDir,
    sessions: [{ name: SESSION, socket: tmux.socket, target: SESSION, create: false, access: {} }],
    limits: {
      ...DEFAULT_LIMITS,
      clientsPerSession: CLIENT_LIMIT,
      totalClients: CLIENT_LIMIT,
      // Every bench viewer is the same login from the same address.
      clientsPerLogin: CLIENT_LIMIT,
      clientsPerAddress: CLIENT_LIMIT,
      reservedClientsPerSession: 0,
    },
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ') ?? []),
      '--import',
      'tsx',
      entry,
      JSON.stringify(config),
    ].filter((a) => a !== ''),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    logs.push(line);
    if (logs.length > KEPT_LOG_LINES) logs.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    await rm(stateDir, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      void exited.then(() => reject(new Error(`gateway exited early:\n${logs.join('\n')}`)));
    });
    const { url, loginUrl } = JSON.parse(first) as { url: string; loginUrl: string };
    const response = await fetch(loginUrl, { redirect: 'manual' });
    const ownerCookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    if (ownerCookie === '') throw new Error('the one-time login set no cookie');
    return { url, pid: child.pid!, ownerCookie, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Creates a viewer share link as the owner and joins it, returning the viewer's cookie. */
export async function viewerCookie(gateway: GatewayProcess): Promise<string> {
  const headers = { 'Content-Type': 'application/json', Origin: gateway.url };
  const link = await fetch(`${gateway.url}/api/sessions/${SESSION}/links`, {
    method: 'POST',
    headers: { ...headers, Cookie: gateway.ownerCookie },
    body: JSON.stringify({ role: 'viewer', ttlSeconds: 3600 }),
  });
  if (link.status !== 201) throw new Error(`creating a share link failed: ${link.status}`);
  const token = ((await link.json()) as { url: string }).url.split('/join/')[1] ?? '';
  const joined = await fetch(`${gateway.url}/api/join`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ token, name: 'bench-viewer' }),
  });
  if (!joined.ok) throw new Error(`joining the share link failed: ${joined.status}`);
  return (joined.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}
