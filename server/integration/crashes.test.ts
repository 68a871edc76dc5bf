// Requests and races that used to end the gateway process (issue #13, findings 1 and 2), run
// against the gateway in its own process so that a crash shows as an exit, with a bystander whose
// echo must keep working.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest } from './rawHttp.js';
import { spawnGateway, spawnWithBystander, type GatewayProcess } from './gatewayProcessFixture.js';
import { sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor, type TmuxFixture } from './tmuxFixture.js';

async function assertStillServing(gw: GatewayProcess, bystander: TestClient, mark: string) {
  assert.equal(gw.child.exitCode, null, `the gateway is still running (${mark})`);
  assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
  bystander.type(`echo still-${mark}\r`);
  await bystander.waitForScreen(new RegExp(`^still-${mark}$`, 'm'));
}

/** A gateway process with `main` and a recorded `rec`, and a writer on `main` at its prompt. */
async function withRecordedSession(t: TestContext) {
  const tmux = await startTmux(['main', 'rec']);
  t.after(() => tmux.cleanup());
  const { gw, bystander } = await spawnWithBystander(t, tmux, [
    sessionOn(tmux.socket),
    sessionOn(tmux.socket, 'rec', { record: true }),
  ]);
  return { tmux, gw, bystander };
}

async function webClients(tmux: TmuxFixture): Promise<string[]> {
  const out = await tmux.tmux('list-clients', '-F', '#{client_pid} #{client_readonly}');
  return out.split('\n').filter((line) => line.trim() !== '');
}

describe('requests that used to crash the gateway', () => {
  it('survives `GET //` with Upgrade headers (with and without the WebSocket ones)', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const { gw, bystander } = await spawnWithBystander(t, tmux);

    const requests = [
      'GET // HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n',
      'GET // HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      `GET //evil.example/api/sessions/main/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n` +
        `Upgrade: websocket\r\nCookie: ${gw.cookie}\r\n\r\n`,
      'GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n',
    ];
    for (const [index, request] of requests.entries()) {
      const answer = await rawRequest(gw.url, request);
      assert.match(answer, /^(HTTP\/1\.1 4\d\d |$)/, `answered with a 4xx or closed: ${answer}`);
      await assertStillServing(gw, bystander, `upgrade${index}`);
    }
    assert.ok(
      gw.logs.some((line) => line.event === 'upgrade_refused' && line.reason === 'bad-request'),
      'the malformed upgrade is logged',
    );
  });

  it('survives a writer resizing while its tmux client is detached or its session ends, with the recorder attached', async (t) => {
    const { tmux, gw, bystander } = await withRecordedSession(t);

    for (let round = 0; round < 8; round += 1) {
      const writer = await TestClient.connect({ url: gw.url, cookie: gw.cookie, session: 'rec' });
      await writer.waitForScreen(/tg\$/);
      let size = 0;
      const resizing = setInterval(() => {
        size = (size + 1) % 20;
        if (writer.ws.readyState === writer.ws.OPEN) {
          writer.send({ type: 'resize', cols: 60 + size, rows: 20 + (size % 5) });
        }
      }, 2);
      if (round % 2 === 0) {
        // Detaches the writer's own client (the one whose pty this pane's output reaches).
        writer.type('tmux detach-client\r');
      } else {
        // The session ends under the writer and the recorder alike.
        await tmux.tmux('kill-session', '-t', '=rec');
      }
      await writer.waitForClose();
      clearInterval(resizing);
      await assertStillServing(gw, bystander, `race${round}`);
      if (round % 2 === 1) await tmux.newSession('rec');
    }
  });

  it('leaves no tmux client attached when killed, even after starting a tmux server itself', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    // No server runs on this socket: the gateway starts one when the first browser arrives.
    const fresh = await startTmux([]);
    t.after(() => fresh.cleanup());
    const gw = await spawnGateway([
      sessionOn(tmux.socket),
      sessionOn(fresh.socket, 'made', { create: true }),
    ]);
    t.after(() => gw.stop());
    const writer = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
    t.after(() => writer.close());
    await writer.waitForScreen(/tg\$/);
    const second = await TestClient.connect({ url: gw.url, cookie: gw.cookie, session: 'made' });
    t.after(() => second.close());
    await waitFor('a client on each server', async () => {
      return (await webClients(tmux)).length === 1 && (await webClients(fresh)).length === 1;
    });

    gw.child.kill('SIGKILL');
    await waitFor('no tmux client left', async () => {
      return (await webClients(tmux)).length === 0 && (await webClients(fresh)).length === 0;
    });
  });

  it('ends every tmux client it started when it dies of an unexpected error', async (t) => {
    // A writer on main (the helper's bystander) and an owner on the recorded session.
    const { tmux, gw } = await withRecordedSession(t);
    const viewer = await TestClient.connect({ url: gw.url, cookie: gw.cookie, session: 'rec' });
    t.after(() => viewer.close());
    await viewer.waitForScreen(/tg\$/);
    // The writer's client, the recorder's, and the one on `rec`.
    await waitFor('three tmux clients', async () => (await webClients(tmux)).length >= 3);

    // The test entry throws from a timer on SIGUSR2: an error no code path expects.
    gw.child.kill('SIGUSR2');
    const code = await new Promise<number | null>((resolve) => {
      if (gw.child.exitCode !== null) resolve(gw.child.exitCode);
      else gw.child.once('exit', (exitCode) => resolve(exitCode));
    });
    assert.equal(code, 1, 'the gateway exits with 1');
    await waitFor('no tmux client left', async () => (await webClients(tmux)).length === 0);
    assert.ok(
      gw.logs.some((line) => line.event === 'fatal_error'),
      'the error is logged',
    );
  });
});
