// What one viewer (or a handful) can cost a session: own-size groups are bounded and released,
// control messages are rate limited, resizes coalesced (#14 findings 1 and 3). Real tmux, the
// real gateway, real WebSockets.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import {
  CloseCode,
  decodeServerMessage,
  encodeMessage,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/protocol.js';
import { DEFAULT_LIMITS } from '../config/gatewayConfig.js';
import { runningChildCount } from '../tmux/childProcesses.js';
import { ScreenModel } from '../viewers/screenModel.js';
import { sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import { TestClient } from './testClient.js';
import { logTmuxRuns, waitFor } from './tmuxFixture.js';

// A forced GC, to see what the gateway still holds once everyone has gone.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const CAP = DEFAULT_LIMITS.ownSizeGroupsPerSession;

/** Memory the 60 viewers' groups would hold if kept: far above any leftover of the test itself. */
const MAX_LEFTOVER_BYTES = 48 * 1024 * 1024;

/** A viewer without a terminal of its own (60 headless ones at 1000x500 would cost the test 700 MB). */
class RawViewer {
  readonly messages: ServerMessage[] = [];
  closeCode: number | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.send({ type: 'ack', bytes: data.length });
        return;
      }
      const decoded = decodeServerMessage(data.toString('utf8'));
      if (decoded.ok) this.messages.push(decoded.message);
    });
    ws.on('close', (code) => (this.closeCode = code));
  }

  static async open(url: string, cookie: string, cols: number, rows: number): Promise<RawViewer> {
    const target = new URL(url);
    const ws = new WebSocket(`ws://${target.host}/api/sessions/main/ws?cols=${cols}&rows=${rows}`, {
      headers: { Cookie: cookie, Origin: target.origin },
    });
    const viewer = new RawViewer(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await waitFor('hello', () => viewer.messages.some((m) => m.type === 'hello'));
    return viewer;
  }

  send(message: ClientMessage): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encodeMessage(message));
  }

  close(): void {
    this.ws.close();
  }
}

interface TmuxClientRow {
  control: boolean;
  size: string;
  readOnly: boolean;
}

async function setup(t: TestContext) {
  const {
    tmux,
    gw,
    cookies,
    clients: closers,
  } = await setupGateway(t, {
    users: ['olga', 'victor'],
    sessions: (socket) => [
      sessionOn(socket, 'main', { access: { olga: 'owner', victor: 'viewer' } }),
    ],
    // One login opens the 60 viewers here: the cap per login is not what these tests are about.
    gateway: { limits: { ...DEFAULT_LIMITS, clientsPerLogin: 1000 } },
  });
  const writer = await TestClient.connect({ url: gw.url, cookie: cookies.olga });
  closers.push(writer);
  await writer.waitForScreen(/tg\$/);
  const viewer = async (cols: number, rows: number) => {
    const raw = await RawViewer.open(gw.url, cookies.victor, cols, rows);
    closers.push(raw);
    return raw;
  };
  /** The session's tmux clients; the size guard's control-mode clients are marked. */
  const tmuxClients = async (): Promise<TmuxClientRow[]> =>
    (
      await tmux.tmux(
        'list-clients',
        '-t',
        '=main',
        '-F',
        '#{client_control_mode} #{client_width}x#{client_height} #{client_readonly}',
      )
    )
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [control, size, readOnly] = line.split(' ');
        return { control: control === '1', size: size ?? '', readOnly: readOnly === '1' };
      });
  const viewerClients = async () =>
    (await tmuxClients()).filter((client) => !client.control && client.readOnly);
  return { tmux, gw, writer, viewer, viewerClients };
}

function memory(): { heapUsed: number; arrayBuffers: number } {
  collectGarbage();
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
}

function attachedViewers(gw: GatewayFixture): number {
  const session = gw.gateway.sessions.get('main');
  assert.ok(session);
  return [...session.members].filter((m) => m.role === 'viewer' && m.attachPid !== undefined)
    .length;
}

describe('viewer limits', () => {
  it('give 60 viewers at 60 sizes at most ownSizeGroupsPerSession groups, all released when they go', async (t) => {
    const { gw, viewer, viewerClients } = await setup(t);
    const viewers = gw.gateway.sessions.get('main')!.viewers;
    const before = memory();
    const modelsBefore = ScreenModel.live;

    // About 1000x500 each, all different: every one would have had a tmux client and a
    // headless terminal of its own (about 12 MB each).
    const crowd: RawViewer[] = [];
    for (let batch = 0; batch < 6; batch += 1) {
      const sizes = Array.from({ length: 10 }, (_, i) => 1000 - (batch * 10 + i));
      crowd.push(...(await Promise.all(sizes.map((cols) => viewer(cols, Math.floor(cols / 2))))));
    }
    await waitFor('every viewer attached', () => attachedViewers(gw) === crowd.length, 60_000);
    // The own-size groups, plus at most the window's group for those no group fits inside.
    assert.ok(viewers.groupCount <= CAP + 1, `groups: ${viewers.groupCount}`);
    assert.ok(ScreenModel.live - modelsBefore <= CAP + 1, `models: ${ScreenModel.live}`);
    const clients = await viewerClients();
    assert.ok(clients.length <= CAP + 1, JSON.stringify(clients));
    const during = memory();
    console.log(
      `arrayBuffers before ${before.arrayBuffers >> 20} MB, with 60 viewers ${during.arrayBuffers >> 20} MB`,
    );
    assert.ok(
      crowd.every((raw) => raw.closeCode === undefined),
      'nobody was turned away',
    );

    for (const raw of crowd) raw.close();
    await waitFor('every group gone', () => viewers.groupCount === 0, 30_000);
    await waitFor('every headless terminal released', () => ScreenModel.live === modelsBefore);
    await waitFor(
      'no viewer client left in tmux',
      async () => (await viewerClients()).length === 0,
    );
    // The writer's own client is the only child left (the size guard lingers a moment, then ends).
    await waitFor('only the writer’s pty left', () => runningChildCount() === 1, 30_000);
    const after = memory();
    console.log(
      `after they left: arrayBuffers ${after.arrayBuffers >> 20} MB, heapUsed ${after.heapUsed >> 20} MB (before ${before.heapUsed >> 20} MB)`,
    );
    assert.ok(
      after.arrayBuffers - before.arrayBuffers < MAX_LEFTOVER_BYTES,
      `arrayBuffers grew by ${(after.arrayBuffers - before.arrayBuffers) >> 20} MB`,
    );
    assert.ok(
      after.heapUsed - before.heapUsed < MAX_LEFTOVER_BYTES,
      `heapUsed grew by ${(after.heapUsed - before.heapUsed) >> 20} MB`,
    );
  });

  it('put a viewer past the limit into the largest group that fits inside its size, else the window’s', async (t) => {
    const { gw, viewer, viewerClients } = await setup(t);
    const viewers = gw.gateway.sessions.get('main')!.viewers;
    for (let i = 0; i < CAP; i += 1) await viewer(100 + 10 * i, 30 + 5 * i);
    await waitFor('the own-size groups', () => viewers.groupCount === CAP);
    // 100x30 … 170x65 exist: 165x62 fits 160x60 best; 90x40 fits none, so it sees the window.
    await viewer(165, 62);
    const small = await viewer(90, 40);
    await waitFor('both placed', () => attachedViewers(gw) === CAP + 2);
    const sizes = (await viewerClients()).map((client) => client.size).sort();
    assert.equal(sizes.length, CAP + 1, sizes.join(' '));
    assert.ok(sizes.includes('80x24'), `the window's group: ${sizes.join(' ')}`);
    assert.ok(!sizes.includes('165x62') && !sizes.includes('90x40'), sizes.join(' '));
    const shared = gw.logs.filter((entry) => entry.event === 'viewer_size_shared');
    assert.deepEqual(
      shared.map((entry) => `${String(entry.asked)}→${String(entry.given)}`).sort(),
      ['165x62→160x60', '90x40→window'],
    );
    // The viewer given the window is told its size, as one following the window is.
    await waitFor('window message', () =>
      small.messages.some((m) => m.type === 'window' && m.cols === 80 && m.rows === 24),
    );
  });

  it('move a viewer that resizes while its first attach is in flight to the group of its last size', async (t) => {
    const { tmux, viewer, viewerClients } = await setup(t);
    const { runs } = await logTmuxRuns(t, tmux, true);
    const raw = await viewer(60, 15);
    await waitFor('the size guard attaching', async () =>
      (await runs()).some((run) => run.includes(' -C ')),
    );
    raw.send({ type: 'resize', cols: 50, rows: 12 });
    await waitFor(
      'the viewer in a 50x12 group, and no 60x15 group left',
      async () => {
        const sizes = (await viewerClients()).map((client) => client.size);
        return sizes.length === 1 && sizes[0] === '50x12';
      },
      30_000,
    );
  });

  it('cost one move for a burst of resizes, to the last size asked for', async (t) => {
    const { tmux, gw, viewer, viewerClients, writer } = await setup(t);
    const raw = await viewer(60, 15);
    await waitFor('attached', () => attachedViewers(gw) === 1);
    const { viewerAttaches } = await logTmuxRuns(t, tmux);
    for (let i = 0; i < 40; i += 1) raw.send({ type: 'resize', cols: 61 + i, rows: 16 + (i % 5) });
    await waitFor('the viewer in the group of its last size', async () => {
      const sizes = (await viewerClients()).map((client) => client.size);
      return sizes.length === 1 && sizes[0] === '100x20';
    });
    assert.ok((await viewerAttaches()) <= 2, `viewer clients spawned: ${await viewerAttaches()}`);
    assert.equal(raw.closeCode, undefined);

    // A writer's burst ends at its last size too.
    for (let i = 0; i < 40; i += 1) writer.send({ type: 'resize', cols: 81 + i, rows: 25 });
    await waitFor(
      'the window at the writer’s last size',
      async () =>
        (await tmux.tmux('display-message', '-p', '-t', '=main:', '#{window_width}')).trim() ===
        '120',
    );
  });

  it('end viewers that flood resizes with exit limit, while a writer’s echo keeps working', async (t) => {
    const { tmux, gw, viewer, writer } = await setup(t);
    const flooders = await Promise.all(Array.from({ length: 6 }, (_, i) => viewer(70 + i, 20)));
    await waitFor('attached', () => attachedViewers(gw) === flooders.length);
    const { viewerAttaches } = await logTmuxRuns(t, tmux);

    // 1,500 resizes each, 30 at a time, every one a new size: counted, not timed, so that a
    // loaded machine's slow timers cannot keep a flooder under the rate (50/s, 200 at once).
    const flood = async (raw: RawViewer, index: number) => {
      for (let step = 0; step < 50 && raw.closeCode === undefined; step += 1) {
        for (let i = 0; i < 30; i += 1) {
          raw.send({ type: 'resize', cols: 100 + ((step * 30 + i) % 800), rows: 20 + index });
        }
        await new Promise((resolve) => setTimeout(resolve, 16));
      }
    };
    const floods = Promise.all(flooders.map((raw, index) => flood(raw, index)));
    for (let round = 0; round < 5; round += 1) {
      writer.type(`echo echo-${round}-$((6*7))\r`);
      await writer.waitForScreen(new RegExp(`^echo-${round}-42$`, 'm'), 30_000);
    }
    await floods;
    for (const raw of flooders) {
      await waitFor('the flooder closed', () => raw.closeCode !== undefined);
      assert.equal(raw.closeCode, CloseCode.Limit);
      const exit = raw.messages.find((m) => m.type === 'exit');
      assert.ok(exit?.type === 'exit' && exit.reason === 'limit', JSON.stringify(exit));
    }
    assert.ok(gw.logs.some((entry) => entry.event === 'control_rate_exceeded'));
    // At most a move or two each before they were ended: not one tmux client per resize.
    const spawned = await viewerAttaches();
    assert.ok(spawned <= 2 * flooders.length, `viewer clients spawned: ${spawned}`);
    writer.type('echo after-$((6*7))\r');
    await writer.waitForScreen(/^after-42$/m);
    assert.equal(writer.closeCode, undefined);
  });

  it('never limit a client that acks every frame of a large output', async (t) => {
    const { writer } = await setup(t);
    writer.type('seq 1 300000; echo SEQ""-DONE\r');
    await writer.waitForScreen(/^SEQ-DONE$/m, 60_000);
    assert.equal(writer.closeCode, undefined);
  });
});
