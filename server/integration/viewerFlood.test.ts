// Viewer groups read their pty at full speed, their screen parsed in the screen worker: screens
// stay exact through floods, for late joiners and resynced viewers, and survive the worker.
// Real tmux, the real gateway, real WebSockets; screens compared as a browser would show them.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ScreenHost } from '../viewers/screenHost.js';
import { sessionOn } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import { sameScreen, type TestClient } from './testClient.js';
import { waitFor } from './tmuxFixture.js';

/** Floods and their aftermath on a loaded 2-core machine: generous. */
const FLOOD_TIMEOUT_MS = 120000;

async function setup(t: TestContext) {
  const context = await setupGateway(t, {
    users: ['olga', 'victor'],
    sessions: (socket) => [
      sessionOn(socket, 'main', { access: { olga: 'owner', victor: 'viewer' } }),
    ],
  });
  // No status-line clock: a minute turning over mid-test would redraw it for everyone.
  await context.tmux.tmux('set-option', '-g', 'status-right', '');
  return context;
}

/**
 * Scrolling output in colours beside a second pane (tmux then uses scroll regions), until
 * `stopFile` exists; the last screen is the flood's tail, drawn by tmux as changes only.
 */
function flood(stopFile: string): string {
  return `${[
    `tmux split-window -d -h 'printf "\\033[31mred\\033[0m pane\\n"; sleep 600'`,
    `i=0; until [ -e ${stopFile} ]; do i=$((i+1)); seq 1 20000; printf '\\033[1;3%dmcolour %d\\033[0m\\n' $((i%8)) $i; done`,
    'echo ALL""-DONE',
  ].join('; ')}\r`;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Between joiners: spread over the flood rather than all at once. */
const JOIN_SPACING_MS = 200;

/** Viewers of one group in the starvation test, and how often their progress is sampled. */
const VIEWERS = 5;
const SAMPLES = 4;
const SAMPLE_SPACING_MS = 500;

describe('viewer groups at full speed', () => {
  it('give late joiners and a resynced viewer the writer’s screen through a flood', async (t) => {
    const { connect, gw, tmux } = await setup(t);
    const writer = await connect('olga', { cols: 90, rows: 25 });
    await writer.waitForScreen(/tg\$/);
    const early = await connect('victor', { fit: true });
    const frozen = await connect('victor', { fit: true, ack: false });
    await sameScreen(frozen, writer, 'the viewer to freeze');
    const rawSocket = (frozen.ws as unknown as { _socket: Socket })._socket;
    rawSocket.pause();

    const stopFile = join(tmux.dir, 'stop-flood');
    writer.type(flood(stopFile));
    await waitFor(
      'the frozen viewer to be switched to discarding',
      () => gw.logs.some((entry) => entry.event === 'client_output_discarding'),
      FLOOD_TIMEOUT_MS,
    );
    const late: TestClient[] = [];
    for (let index = 0; index < 4; index += 1) {
      late.push(await connect('victor', { fit: true }));
      await pause(JOIN_SPACING_MS);
    }
    // Resynced while the flood goes on: its snapshot is taken mid-flood.
    frozen.acking = true;
    rawSocket.resume();
    await waitFor('the frozen viewer to be resynced', () => {
      frozen.flushAck();
      return gw.logs.some((entry) => entry.event === 'client_output_resync');
    });
    for (let index = 0; index < 2; index += 1) {
      late.push(await connect('victor', { fit: true }));
      await pause(JOIN_SPACING_MS);
    }
    await writeFile(stopFile, '');
    await writer.waitForScreen(/^ALL-DONE/m, FLOOD_TIMEOUT_MS);
    await sameScreen(early, writer, 'the early viewer');
    await sameScreen(frozen, writer, 'the resynced viewer');
    for (const [index, viewer] of late.entries()) {
      await sameScreen(viewer, writer, `late joiner ${index}`);
    }
  });

  it('starve no viewer while the group reads at full speed', async (t) => {
    const { connect, tmux } = await setup(t);
    const writer = await connect('olga', { cols: 80, rows: 24 });
    await writer.waitForScreen(/tg\$/);
    const viewers = await Promise.all(
      Array.from({ length: VIEWERS }, () => connect('victor', { fit: true })),
    );
    for (const viewer of viewers) await sameScreen(viewer, writer, 'a viewer before the flood');
    const stopFile = join(tmux.dir, 'stop-flood');
    writer.type(flood(stopFile));
    await waitFor(
      'the flood to be under way',
      () => /colour [1-9]/.test(writer.screen()),
      FLOOD_TIMEOUT_MS,
    );
    // Every viewer's output keeps coming while the flood lasts, not only once it stops.
    for (let sample = 0; sample < SAMPLES; sample += 1) {
      const before = viewers.map((viewer) => viewer.receivedBytes);
      await waitFor(
        `every viewer to receive more of the flood (sample ${sample})`,
        () => viewers.every((viewer, index) => viewer.receivedBytes > before[index]!),
        FLOOD_TIMEOUT_MS,
      );
      await pause(SAMPLE_SPACING_MS);
    }
    await writeFile(stopFile, '');
    await writer.waitForScreen(/^ALL-DONE/m, FLOOD_TIMEOUT_MS);
    for (const viewer of viewers) await sameScreen(viewer, writer, 'a viewer after the flood');
  });

  for (const [how, end] of [
    ['ends', (worker: NonNullable<ScreenHost['thread']>) => void worker.terminate()],
    // The worker throws on a request the gateway never sends: a crash, not a clean end.
    ['crashes', (worker: NonNullable<ScreenHost['thread']>) => worker.postMessage({ type: 'x' })],
  ] as const) {
    it(`keep every viewer's session when the screen worker ${how}`, async (t) => {
      const { connect, tmux, gw } = await setup(t);
      const writer = await connect('olga', { cols: 80, rows: 24 });
      await writer.waitForScreen(/tg\$/);
      const viewers = await Promise.all([
        connect('victor', { fit: true }),
        connect('victor', { cols: 60, rows: 20 }),
      ]);
      writer.type(`tmux split-window -d -h 'seq 1 50; sleep 600'; seq 1 100\r`);
      for (const viewer of viewers) await viewer.waitForScreen(/^100/m);
      const host = ScreenHost.running;
      assert.ok(host?.thread);
      const restarts = host.restartCount;
      const stopFile = join(tmux.dir, 'stop-flood');
      writer.type(flood(stopFile));
      await waitFor(
        'the flood to be under way',
        () => /colour [1-9]/.test(writer.screen()),
        FLOOD_TIMEOUT_MS,
      );
      // Lost mid-flood, with a viewer waiting for its snapshot.
      const joining = connect('victor', { fit: true });
      end(host.thread);
      await waitFor('a new screen worker', () => host.restartCount === restarts + 1);
      const logged = gw.logs.filter((line) => line.event === 'screen_worker_lost');
      assert.equal(logged.length, 1, 'the loss is logged, once');
      if (how === 'crashes') assert.match(String(logged[0]?.error), /Error/);
      const late = [await joining, await connect('victor', { fit: true })];
      await writeFile(stopFile, '');
      await writer.waitForScreen(/^ALL-DONE/m, FLOOD_TIMEOUT_MS);
      writer.type('echo still-$((6*7))\r');
      await writer.waitForScreen(/^still-42/m);
      await sameScreen(viewers[0], writer, 'a viewer of the window');
      await viewers[1].waitForScreen(/still-42/);
      for (const viewer of late) await sameScreen(viewer, writer, 'a viewer who joined meanwhile');
      // And the next joiner's snapshot comes from the new worker's model.
      await sameScreen(
        await connect('victor', { fit: true }),
        writer,
        'a viewer after the restart',
      );
      for (const viewer of [...viewers, ...late]) assert.equal(viewer.closeCode, undefined);
    });
  }
});
