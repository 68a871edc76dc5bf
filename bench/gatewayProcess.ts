// The real gateway in its own process on loopback (testing/gatewayProcess.ts), with the bench's limits.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type GatewayConfigInput } from '../server/config/gatewayConfig.js';
import { launchTestEntry } from '../testing/gatewayProcess.js';
import { signIn } from '../testing/httpsClient.js';
import { SESSION, type TmuxServer } from './tmuxServer.js';

/** Room for the largest fan-out asked for (`--gateway-viewers 5000`) plus the writer. */
const CLIENT_LIMIT = 5100;
/** Log lines kept to explain a gateway that failed. */
const KEPT_LOG_LINES = 40;

export interface GatewayProcess {
  url: string;
  pid: number;
  /** Session cookie of the one-time admin login (owner of every session). */
  ownerCookie: string;
  stop(): Promise<void>;
}

/** Sections to set besides the bench's defaults (a workload's own limits). */
export type GatewayOverrides = Pick<GatewayConfigInput, 'history'>;

export async function startGatewayProcess(
  tmux: TmuxServer,
  overrides: GatewayOverrides = {},
): Promise<GatewayProcess> {
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
    ...overrides,
  };
  const nodeArgs = (process.env.BENCH_GATEWAY_NODE_ARGS?.split(' ') ?? []).filter((a) => a !== '');
  const removeStateDir = () => rm(stateDir, { recursive: true, force: true, maxRetries: 5 });
  const started = await launchTestEntry(config, {
    // Compiled, as in production (`npm run bench` builds it first): memory is the gateway's own.
    built: true,
    nodeArgs,
    keptStderrLines: KEPT_LOG_LINES,
  }).catch(async (error: unknown) => {
    await removeStateDir();
    throw error;
  });
  const stop = async () => {
    await started.process.stop();
    await removeStateDir();
  };
  try {
    const ownerCookie = await signIn(started.loginUrl);
    return { url: started.url, pid: started.process.pid, ownerCookie, stop };
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
