// Faults and restarts: graceful shutdown and reconnection, no leaks over many connections, and
// tmux going away (server killed, socket deleted, session missing, binary missing) and coming back.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, unlink } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { CloseCode } from '../../shared/protocol.js';
import { spawnGateway, type GatewayProcess } from './gatewayProcessFixture.js';
import { sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor, type TmuxFixture } from './tmuxFixture.js';

async function tmuxClientCount(tmux: TmuxFixture): Promise<number> {
  const output = await tmux.tmux('list-clients', '-F', '#{client_tty}').catch(() => '');
  return output.split('\n').filter((line) => line.trim() !== '').length;
}

async function sessionsSeen(gw: GatewayProcess): Promise<Array<{ name: string; alive: boolean }>> {
  const response = await fetch(`${gw.url}/api/sessions`, { headers: { Cookie: gw.cookie } });
  assert.equal(response.status, 200);
  return (await response.json()) as Array<{ name: string; alive: boolean }>;
}

async function echoWorks(client: TestClient, word: string): Promise<void> {
  client.type(`echo ${word}-$((1+1))\r`);
  await client.waitForScreen(new RegExp(`^${word}-2$`, 'm'));
}

function track(t: TestContext) {
  const clients: TestClient[] = [];
  t.after(() => {
    for (const client of clients) client.close();
  });
  return async (gw: GatewayProcess, session = 'main', cookie = gw.cookie) => {
    const client = await TestClient.connect({ url: gw.url, cookie, session });
    clients.push(client);
    await client.waitForMessage('hello');
    return client;
  };
}

describe('graceful restart', () => {
  it('tells every browser "shutdown", leaves tmux alone, and accepts the same cookies after a restart', async (t) => {
    const tmux = await startTmux();
    t.after(() => tmux.cleanup());
    const connect = track(t);
    const first = await spawnGateway([sessionOn(tmux.socket)]);
    t.after(() => first.stop());
    const one = await connect(first);
    const two = await connect(first);
    await waitFor('both attached', async () => (await tmuxClientCount(tmux)) === 2);

    assert.equal(await first.terminate(), 0, 'exits cleanly on SIGTERM');
    for (const client of [one, two]) {
      assert.equal((await client.waitForMessage('exit')).reason, 'shutdown');
      assert.equal(await client.waitForClose(), CloseCode.Shutdown);
    }
    assert.equal(
      (await tmux.tmux('list-sessions', '-F', '#{session_name}')).trim(),
      'main',
      'the session lives on',
    );
    await waitFor('the attach clients to be gone', async () => (await tmuxClientCount(tmux)) === 0);

    const second = await spawnGateway([sessionOn(tmux.socket)], {
      stateDir: first.stateDir,
      port: first.port,
    });
    t.after(() => second.stop());
    assert.equal(second.url, first.url, 'same port');
    const again = await connect(second, 'main', first.cookie);
    const alsoAgain = await connect(second, 'main', first.cookie);
    await echoWorks(again, 'after-restart');
    await alsoAgain.waitForScreen(/^after-restart-2$/m);
  });
});

describe('no leaks', () => {
  it('returns to its baseline of tmux clients, children and file descriptors after 200 connections', async (t) => {
    const tmux = await startTmux();
    t.after(() => tmux.cleanup());
    const gw = await spawnGateway([sessionOn(tmux.socket)]);
    t.after(() => gw.stop());
    const warm = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
    await warm.waitForScreen(/tg\$/);
    warm.close();
    await waitFor('the warm-up client to leave', async () => (await tmuxClientCount(tmux)) === 0);
    const baseline = { fds: await gw.openFds(), children: await gw.children() };

    const CYCLES = 200;
    const BATCH = 10;
    for (let start = 0; start < CYCLES; start += BATCH) {
      await Promise.all(
        Array.from({ length: BATCH }, async (_, offset) => {
          const client = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
          await client.waitForMessage('hello');
          // Half wait until tmux drew their screen; half leave at once, mid-attach.
          if ((start + offset) % 2 === 0) await client.waitForScreen(/tg\$/);
          if ((start + offset) % 4 < 2) client.close();
          else {
            client.ws.terminate();
            client.term.dispose();
          }
        }),
      );
    }
    await waitFor('no tmux clients left', async () => (await tmuxClientCount(tmux)) === 0, 30_000);
    await waitFor(
      'no attach children left',
      async () => (await gw.children()) <= baseline.children,
      30_000,
    );
    await waitFor(
      'file descriptors back to the baseline',
      async () => (await gw.openFds()) <= baseline.fds,
      30_000,
    );
  });
});

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

/** Stated bounds (docs/operations.md): what 50 MB to a frozen browser may cost, at most. */
const GATEWAY_RSS_GROWTH_BOUND = 100 * 1024 * 1024;
const TMUX_SERVER_RSS_BOUND = 64 * 1024 * 1024;

describe('frozen browser', () => {
  it('costs bounded memory in the gateway and tmux during 50 MB of output, then is redrawn', async (t) => {
    const tmux = await startTmux();
    t.after(() => tmux.cleanup());
    const connect = track(t);
    const gw = await spawnGateway([sessionOn(tmux.socket)]);
    t.after(() => gw.stop());
    const frozen = await connect(gw);
    const bystander = await connect(gw);
    await bystander.waitForScreen(/tg\$/);
    frozen.acking = false;
    (frozen.ws as unknown as { _socket: Socket })._socket.pause();
    const tmuxPid = Number((await tmux.tmux('display-message', '-p', '#{pid}')).trim());
    const gatewayBefore = await gw.rss();
    const peaks = { gateway: gatewayBefore, tmux: await rssOf(tmuxPid) };
    const sampler = setInterval(() => {
      void Promise.all([gw.rss(), rssOf(tmuxPid)]).then(
        ([gateway, server]) => {
          peaks.gateway = Math.max(peaks.gateway, gateway);
          peaks.tmux = Math.max(peaks.tmux, server);
        },
        () => undefined,
      );
    }, 100);
    t.after(() => clearInterval(sampler));

    bystander.type(
      'yes 0123456789abcdefghijklmnopqrstuvwxyz0123456789 | head -c 50000000; echo; echo FIFTY""-DONE\r',
    );
    await bystander.waitForScreen(/^FIFTY-DONE$/m, 120_000);
    await echoWorks(bystander, 'bystander');
    clearInterval(sampler);
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
    assert.ok(
      peaks.gateway - gatewayBefore < GATEWAY_RSS_GROWTH_BOUND,
      `gateway grew ${mb(peaks.gateway - gatewayBefore)}`,
    );
    assert.ok(peaks.tmux < TMUX_SERVER_RSS_BOUND, `tmux server peaked at ${mb(peaks.tmux)}`);

    // Back within the heartbeat timeout: caught up with a redraw, on the same connection.
    frozen.acking = true;
    (frozen.ws as unknown as { _socket: Socket })._socket.resume();
    await waitFor('the frozen browser to show the live screen', () => {
      frozen.flushAck();
      return /^bystander-2$/m.test(frozen.screen());
    });
    assert.equal(frozen.closeCode, undefined);
  });
});

describe('tmux faults', () => {
  it('survives its tmux server being killed and serves the session again once it is back', async (t) => {
    const tmux = await startTmux(['main']);
    const other = await startTmux(['other']);
    t.after(() => tmux.cleanup());
    t.after(() => other.cleanup());
    const connect = track(t);
    const gw = await spawnGateway([sessionOn(tmux.socket), sessionOn(other.socket, 'other')]);
    t.after(() => gw.stop());
    const watcher = await connect(gw);
    const bystander = await connect(gw, 'other');

    await tmux.tmux('kill-server');
    assert.equal((await watcher.waitForMessage('exit')).reason, 'session-ended');
    assert.deepEqual(await sessionsSeen(gw), [
      { name: 'main', role: 'owner', alive: false, clients: 0 },
      { name: 'other', role: 'owner', alive: true, clients: 1 },
    ]);
    const refused = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
    const exit = await refused.waitForMessage('exit');
    refused.close();
    assert.equal(exit.reason, 'session-ended');
    assert.match(exit.message, /not running/);
    await echoWorks(bystander, 'bystander');

    await tmux.newSession('main');
    const back = await connect(gw);
    await echoWorks(back, 'back');
    assert.equal((await sessionsSeen(gw))[0]?.alive, true);
  });

  it('reports a deleted socket and a missing target as not running, and keeps serving', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const connect = track(t);
    const gw = await spawnGateway([sessionOn(tmux.socket), sessionOn(tmux.socket, 'absent')]);
    t.after(() => gw.stop());
    assert.deepEqual(
      (await sessionsSeen(gw)).map((s) => [s.name, s.alive]),
      [
        ['main', true],
        ['absent', false],
      ],
    );
    const absent = await TestClient.connect({ url: gw.url, cookie: gw.cookie, session: 'absent' });
    assert.equal((await absent.waitForMessage('exit')).reason, 'session-ended');
    absent.close();

    const serverPid = Number((await tmux.tmux('display-message', '-p', '#{pid}')).trim());
    await unlink(tmux.socket);
    assert.equal((await sessionsSeen(gw))[0]?.alive, false);
    // tmux recreates its socket on SIGUSR1: the session is reachable again, no gateway restart.
    process.kill(serverPid, 'SIGUSR1');
    await waitFor(
      'the socket to come back',
      async () => (await sessionsSeen(gw))[0]?.alive === true,
    );
    const client = await connect(gw);
    await echoWorks(client, 'socket-back');
  });

  it('says tmux cannot be run when the binary is missing, and keeps serving HTTP', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const gw = await spawnGateway([sessionOn(tmux.socket)], {
      env: { TMUXGATE_TMUX_BIN: '/nonexistent/tmux' },
    });
    t.after(() => gw.stop());
    assert.deepEqual(
      (await sessionsSeen(gw)).map((s) => s.alive),
      [false],
    );
    const client = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
    const exit = await client.waitForMessage('exit');
    client.close();
    assert.equal(exit.reason, 'error');
    assert.match(exit.message, /tmux cannot be run/);
    assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
  });
});
