// /metrics (Prometheus text, counters that follow clients), its separate listener, and /readyz.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../app.js';
import { createLogger } from '../log.js';
import { sessionOn, startGateway, type GatewayFixture } from './gatewayFixture.js';
import { spawnGateway } from './gatewayProcessFixture.js';
import { parsePrometheusText, type Exposition } from './prometheusText.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor } from './tmuxFixture.js';

async function scrape(url: string): Promise<Exposition> {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

/** How long a lagging client's catch-up may take on a loaded machine (integration runs two at once). */
const REDRAW_TIMEOUT_MS = 60_000;

const WATCHER = { name: 'watcher', kind: 'local', admin: false } as const;

async function meteredGateway(t: TestContext): Promise<{ gw: GatewayFixture }> {
  const tmux = await startTmux(['main']);
  const gw = await startGateway(
    [sessionOn(tmux.socket, 'main', { access: { watcher: 'viewer' } })],
    { operations: { metrics: { enabled: true } } },
  );
  t.after(async () => {
    await gw.cleanup();
    await tmux.cleanup();
  });
  return { gw };
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('/metrics', () => {
  it('is Prometheus text whose counters follow clients joining, typing and leaving', async (t) => {
    const { gw } = await meteredGateway(t);
    const clients = { main: 'main', role: 'owner' };
    const before = await scrape(gw.url);
    assert.equal(before.types.get('tmuxgate_clients'), 'gauge');
    assert.equal(before.types.get('tmuxgate_client_received_bytes_total'), 'counter');
    assert.equal(before.sum('tmuxgate_clients'), 0);
    for (const standard of ['process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']) {
      assert.ok(before.types.has(standard), `${standard} (prom-client's default metrics)`);
    }

    const owner = await TestClient.connect({ url: gw.url, cookie: await gw.login() });
    const viewer = await TestClient.connect({ url: gw.url, cookie: await gw.login(WATCHER) });
    await owner.waitForScreen(/tg\$/);
    await viewer.waitForScreen(/tg\$/);
    owner.type('echo metered-$((40+2))\r');
    await viewer.waitForScreen(/metered-42/);
    const during = await scrape(gw.url);
    assert.equal(during.value('tmuxgate_clients', { session: clients.main, role: 'owner' }), 1);
    assert.equal(during.value('tmuxgate_clients', { session: 'main', role: 'viewer' }), 1);
    const typed = 'echo metered-$((40+2))\r'.length;
    assert.equal(during.value('tmuxgate_client_received_bytes_total', { session: 'main' }), typed);
    assert.ok((during.value('tmuxgate_client_sent_bytes_total', { session: 'main' }) ?? 0) > 0);
    assert.equal(during.value('tmuxgate_logins_total', { method: 'link', result: 'ok' }), 2);

    viewer.sendRaw('{not json');
    await viewer.waitForClose();
    owner.close();
    const after = await waitFor('both clients to be gone', async () => {
      const exposition = await scrape(gw.url);
      return exposition.sum('tmuxgate_clients') === 0 &&
        exposition.sum('tmuxgate_websocket_closes_total') === 2
        ? exposition
        : undefined;
    });
    assert.equal(after.value('tmuxgate_websocket_closes_total', { reason: 'protocol-error' }), 1);
    assert.equal(after.value('tmuxgate_websocket_closes_total', { reason: 'no-status' }), 1);
  });

  it('counts refused upgrades and failed logins', async (t) => {
    const { gw } = await meteredGateway(t);
    assert.equal((await fetch(`${gw.url}/login?token=forged`, { redirect: 'manual' })).status, 401);
    assert.equal(
      await TestClient.upgradeStatus({
        url: gw.url,
        cookie: await gw.login(),
        origin: 'https://evil.example',
      }),
      403,
    );
    const exposition = await scrape(gw.url);
    assert.equal(
      exposition.value('tmuxgate_logins_total', { method: 'link', result: 'failed' }),
      1,
    );
    assert.equal(
      exposition.value('tmuxgate_websocket_upgrades_refused_total', { reason: 'origin' }),
      1,
    );
  });

  it('counts discarded output and redraws of a client that fell behind', async (t) => {
    const tmux = await startTmux(['main']);
    // Its own process, as in terminal.test.ts: the flood must not share this test's event loop.
    const gw = await spawnGateway([sessionOn(tmux.socket)], { metrics: { enabled: true } });
    const frozen = await TestClient.connect({ url: gw.url, cookie: gw.cookie, ack: false });
    const writer = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
    t.after(async () => {
      frozen.close();
      writer.close();
      await gw.stop();
      await tmux.cleanup();
    });
    await frozen.waitForMessage('hello');
    await writer.waitForScreen(/tg\$/);
    // The lagging browser takes output in but acknowledges none of it, as a tab whose terminal
    // stopped rendering: past the high watermark the gateway discards for it.
    const stopFile = join(tmux.dir, 'stop-flood');
    writer.type(
      `until [ -e ${stopFile} ]; do yes 0123456789abcdefghijklmnopqrstuvwxyz | head -c 4000000; done; echo; echo FLOOD""-DONE\r`,
    );
    await waitFor(
      'the lagging client to be discarded for',
      () => gw.logs.some((entry) => entry.event === 'client_output_discarding'),
      120000,
    );
    await writeFile(stopFile, '');
    await writer.waitForScreen(/^FLOOD-DONE$/m, 120000);
    frozen.acking = true;
    // Acknowledging what it has brings it under the low watermark: CAN and a redraw follow.
    await waitFor(
      'the redraw',
      () => {
        frozen.flushAck();
        return gw.logs.some((entry) => entry.event === 'client_output_resync');
      },
      REDRAW_TIMEOUT_MS,
    );
    const exposition = await scrape(gw.url);
    const discarded = exposition.value('tmuxgate_output_discarded_bytes_total', {
      session: 'main',
    });
    assert.ok((discarded ?? 0) > 0, `discarded ${discarded}`);
    assert.equal(exposition.value('tmuxgate_output_redraws_total', { session: 'main' }), 1);
  });

  it('is not served at all unless enabled', async (t) => {
    const tmux = await startTmux([]);
    const gw = await startGateway([sessionOn(tmux.socket)]);
    t.after(async () => {
      await gw.cleanup();
      await tmux.cleanup();
    });
    assert.equal((await fetch(`${gw.url}/metrics`)).status, 404);
  });

  it('with a listen address of its own, is served only there', async (t) => {
    const tmux = await startTmux([]);
    const port = await freePort();
    const gw = await startGateway([sessionOn(tmux.socket)], {
      operations: { metrics: { enabled: true, listen: { host: '127.0.0.1', port } } },
    });
    t.after(async () => {
      await gw.cleanup();
      await tmux.cleanup();
    });
    assert.equal(gw.metricsUrl, `http://127.0.0.1:${port}`);
    const exposition = await scrape(gw.metricsUrl);
    assert.ok(exposition.types.has('tmuxgate_clients'));
    assert.equal((await fetch(`${gw.url}/metrics`)).status, 404, 'not on the main port');
    assert.equal((await fetch(`${gw.metricsUrl}/api/sessions`)).status, 404, 'nothing else there');
  });

  it('refuses to start when the metrics port is taken, naming the address', async (t) => {
    const stateDir = await mkdtemp(join(tmpdir(), 'tg-state-'));
    const squatter: Server = createNetServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    t.after(async () => {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
      await rm(stateDir, { recursive: true, force: true });
    });
    const gateway = await createServer(
      {
        listen: { host: '127.0.0.1', port: 0 },
        users: [],
        stateDir,
        sessions: [sessionOn(join(stateDir, 'tmux.sock'))],
        metrics: { enabled: true, listen: { host: '127.0.0.1', port } },
      },
      { log: createLogger('error', () => undefined) },
    );
    await assert.rejects(gateway.listen(), {
      message: `metrics.listen: cannot listen on 127.0.0.1:${port}: the address is already in use`,
    });
    await gateway.close();
  });
});

describe('/readyz', () => {
  it('is 200 when tmux runs, 503 with the reason when the tmux binary is missing', async (t) => {
    const tmux = await startTmux([]);
    t.after(() => tmux.cleanup());
    const ready = await startGateway([sessionOn(tmux.socket)]);
    t.after(() => ready.cleanup());
    const ok = await fetch(`${ready.url}/readyz`);
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { status: 'ready' });

    const previous = process.env.TMUXGATE_TMUX_BIN;
    process.env.TMUXGATE_TMUX_BIN = join(tmux.dir, 'no-such-tmux');
    t.after(() => {
      if (previous === undefined) delete process.env.TMUXGATE_TMUX_BIN;
      else process.env.TMUXGATE_TMUX_BIN = previous;
    });
    const unready = await startGateway([sessionOn(tmux.socket)]);
    t.after(() => unready.cleanup());
    const missing = await fetch(`${unready.url}/readyz`);
    assert.equal(missing.status, 503);
    assert.deepEqual(await missing.json(), {
      error: {
        code: 'tmux_unavailable',
        message: `the tmux binary "${join(tmux.dir, 'no-such-tmux')}" cannot be run: not found`,
      },
    });
    assert.equal((await fetch(`${unready.url}/healthz`)).status, 200, 'alive all the same');
  });
});
