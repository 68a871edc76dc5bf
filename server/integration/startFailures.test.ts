// A gateway whose start fails halfway (a taken port, a broken TLS key) rejects with a clear error
// and leaves nothing behind: no tmux client on the session's socket, no listening socket, no
// timer or handle keeping the process alive, no child process.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Gateway } from '../app.js';
import type { GatewayConfigInput } from '../config/gatewayConfig.js';
import { controlSocketPath } from '../control/controlSocket.js';
import { createLogger } from '../log.js';
import { runningChildCount } from '../tmux/childProcesses.js';
import { certificateDir } from './certificateFixture.js';
import { sessionOn } from './gatewayFixture.js';
import { startTmux, waitFor, type TmuxFixture } from './tmuxFixture.js';

/** Time for the tmux clients the gateway attached to have gone (they exit asynchronously). */
const RELEASE_TIMEOUT_MS = 20000;

function listenOnFreePort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function portOf(server: Server): number {
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return address.port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port that is free now: bound, then released. */
async function freePort(): Promise<number> {
  const server = await listenOnFreePort();
  const port = portOf(server);
  await closeServer(server);
  return port;
}

/** How many active resources of each kind the process has (process.getActiveResourcesInfo). */
function resourceCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo())
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** The kinds of which there are more now than in `before`. */
function extraResources(before: Map<string, number>): string[] {
  return [...resourceCounts()]
    .filter(([kind, count]) => count > (before.get(kind) ?? 0))
    .map(([kind, count]) => `${kind} +${count - (before.get(kind) ?? 0)}`);
}

async function setup(t: TestContext) {
  const tmux = await startTmux(['main']);
  const stateDir = await mkdtemp(join(tmpdir(), 'tg-start-'));
  t.after(async () => {
    await tmux.cleanup();
    await rm(stateDir, { recursive: true, force: true });
  });
  const config = (overrides: Partial<GatewayConfigInput>): GatewayConfigInput => ({
    listen: { host: '127.0.0.1', port: 0 },
    users: [],
    stateDir,
    // Recorded: the recorder attaches its tmux client (and the size guard) at start.
    sessions: [sessionOn(tmux.socket, 'main', { record: true })],
    ...overrides,
  });
  return { tmux, stateDir, config };
}

const quietLog = () => createLogger('error', () => undefined);

async function assertNothingLeft(
  tmux: TmuxFixture,
  stateDir: string,
  before: Map<string, number>,
  ports: number[],
): Promise<void> {
  await waitFor(
    'no tmux client attached',
    async () => (await tmux.tmux('list-clients')) === '',
    RELEASE_TIMEOUT_MS,
  );
  await waitFor('no child process', () => runningChildCount() === 0, RELEASE_TIMEOUT_MS);
  await assert.rejects(access(controlSocketPath(stateDir)), { code: 'ENOENT' });
  for (const port of ports) {
    const again = createNetServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', () => resolve());
    });
    await closeServer(again);
  }
  await waitFor(
    'no timer or handle left',
    () => extraResources(before).length === 0,
    RELEASE_TIMEOUT_MS,
  ).catch(() => assert.deepEqual(extraResources(before), [], 'resources left behind'));
}

describe('a gateway whose start fails', () => {
  it('rejects listen() on a taken port and releases everything it started', async (t) => {
    const { tmux, stateDir, config } = await setup(t);
    const squatter = await listenOnFreePort();
    t.after(() => closeServer(squatter));
    const metricsPort = await freePort();
    const before = resourceCounts();
    const gateway: Gateway = await createServer(
      config({
        listen: { host: '127.0.0.1', port: portOf(squatter) },
        metrics: { enabled: true, listen: { host: '127.0.0.1', port: metricsPort } },
      }),
      { log: quietLog() },
    );
    await waitFor('the recorder attached', async () => (await tmux.tmux('list-clients')) !== '');
    await assert.rejects(gateway.listen(), { code: 'EADDRINUSE' });
    await assertNothingLeft(tmux, stateDir, before, [metricsPort]);
  });

  it('rejects listen() on a taken metrics port and releases everything it started', async (t) => {
    const { tmux, stateDir, config } = await setup(t);
    const squatter = await listenOnFreePort();
    t.after(() => closeServer(squatter));
    const before = resourceCounts();
    const gateway = await createServer(
      config({
        metrics: { enabled: true, listen: { host: '127.0.0.1', port: portOf(squatter) } },
      }),
      { log: quietLog() },
    );
    await waitFor('the recorder attached', async () => (await tmux.tmux('list-clients')) !== '');
    await assert.rejects(gateway.listen(), /metrics\.listen: cannot listen on .*already in use/);
    await assertNothingLeft(tmux, stateDir, before, []);
  });

  it('rejects createServer() when the TLS key does not parse or is missing', async (t) => {
    const { tmux, stateDir, config } = await setup(t);
    const certs = await certificateDir();
    t.after(() => certs.cleanup());
    const cert = await certs.make('one');
    const brokenKey = join(certs.dir, 'broken.key');
    await writeFile(
      brokenKey,
      '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n',
    );
    const before = resourceCounts();
    for (const key of [brokenKey, join(certs.dir, 'missing.key')]) {
      await assert.rejects(
        createServer(
          config({ listen: { host: '127.0.0.1', port: 0, tls: { cert: cert.certPath, key } } }),
          {
            log: quietLog(),
          },
        ),
        /listen\.tls\.key/,
      );
      await assertNothingLeft(tmux, stateDir, before, []);
    }
  });
});
