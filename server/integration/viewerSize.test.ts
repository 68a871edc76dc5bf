// Promise 2 with no writer attached: viewers (any size, Fit on or off, one or many) and the
// recorder never change the window's size; writers still do. Real tmux, the real gateway.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { PresenceClient } from '../../shared/protocol.js';
import { hashPassword } from '../auth/passwords.js';
import { startGateway, sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { TEST_SHELL, startTmux, waitFor, type TmuxFixture } from './tmuxFixture.js';

let hash: Promise<string> | undefined;
const USERS = ['olga', 'walt', 'vic'] as const;
type User = (typeof USERS)[number];

/** A size no client of these tests has, so any change made by one of them shows. */
const WINDOW = '123x41';

/** Samples of the window's size taken after each step: enough for tmux to have applied a resize. */
const SETTLE_SAMPLES = 10;

/** Polls the window's size from tmux for as long as a test runs and remembers every value seen. */
class WindowWatch {
  readonly seen = new Set<string>();
  samples = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(private readonly tmux: TmuxFixture) {
    this.loop = this.run();
  }

  /** Waits for a few more samples: whatever a step did to the window has been seen by then. */
  async settle(): Promise<void> {
    const target = this.samples + SETTLE_SAMPLES;
    await waitFor('window size samples', () => this.samples >= target);
  }

  async stop(): Promise<string[]> {
    this.running = false;
    await this.loop;
    return [...this.seen];
  }

  private async run(): Promise<void> {
    while (this.running) {
      const size = await this.tmux
        .tmux('display-message', '-p', '-t', '=main:', '#{window_width}x#{window_height}')
        .catch(() => 'gone');
      this.seen.add(size.trim());
      this.samples += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

interface ClientLine {
  pid: number;
  control: boolean;
  readOnly: boolean;
  size: string;
}

async function tmuxClients(tmux: TmuxFixture): Promise<ClientLine[]> {
  const output = await tmux
    .tmux(
      'list-clients',
      '-F',
      '#{client_pid} #{client_control_mode} #{client_readonly} #{client_width}x#{client_height}',
    )
    .catch(() => '');
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [pid, control, readOnly, size] = line.split(' ');
      return {
        pid: Number(pid),
        control: control === '1',
        readOnly: readOnly === '1',
        size: size ?? '',
      };
    });
}

/** Whether a process runs (zombies, already dead, do not count). */
async function running(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function setup(t: TestContext, options: { record?: boolean } = {}) {
  hash ??= hashPassword('pw');
  const passwordHash = await hash;
  const users = USERS.map((name) => ({ name, passwordHash, admin: false }));
  const tmux = await startTmux([]);
  const [cols, rows] = WINDOW.split('x');
  await tmux.tmux('new-session', '-d', '-s', 'main', '-x', cols!, '-y', rows!, ...TEST_SHELL);
  const access = { olga: 'owner', walt: 'writer', vic: 'viewer' } as const;
  const gw = await startGateway(
    [sessionOn(tmux.socket, 'main', { access, record: options.record ?? false })],
    { users },
  );
  const clients: TestClient[] = [];
  const watch = new WindowWatch(tmux);
  t.after(async () => {
    await watch.stop();
    for (const client of clients) client.close();
    await gw.cleanup();
    await tmux.cleanup();
  });
  const cookies = {} as Record<User, string>;
  for (const user of USERS) cookies[user] = await gw.loginAs(user, 'pw');
  const connect = async (
    user: User,
    size: { cols?: number; rows?: number; fit?: boolean } = {},
  ): Promise<TestClient> => {
    const client = await TestClient.connect({ url: gw.url, cookie: cookies[user], ...size });
    clients.push(client);
    await client.waitForMessage('hello');
    return client;
  };
  const close = async (client: TestClient) => {
    client.close();
    await client.waitForClose();
  };
  const api = (user: User, path: string) =>
    fetch(`${gw.url}/api${path}`, { headers: { Cookie: cookies[user] } });
  const windowSize = async () =>
    (
      await tmux.tmux('display-message', '-p', '-t', '=main:', '#{window_width}x#{window_height}')
    ).trim();
  /** Waits until the gateway's tmux clients are exactly `sizes` (read-only, not control mode). */
  const viewerClients = (sizes: string[]) =>
    waitFor(`viewer clients ${sizes.join(',')}`, async () => {
      const seen = (await tmuxClients(tmux))
        .filter((client) => !client.control && client.readOnly)
        .map((client) => client.size)
        .sort();
      return seen.join(',') === [...sizes].sort().join(',');
    });
  return { gw, tmux, watch, connect, close, api, windowSize, viewerClients };
}

describe('viewers never resize the window, with no writer attached', () => {
  for (const [cols, rows] of [
    [7, 3],
    [200, 60],
  ] as const) {
    it(`a viewer alone at its own size ${cols}x${rows}: unchanged while there and after`, async (t) => {
      const { watch, connect, close, viewerClients, windowSize } = await setup(t);
      assert.equal(await windowSize(), WINDOW);
      const viewer = await connect('vic', { cols, rows });
      await viewerClients([`${cols}x${rows}`]);
      await watch.settle();
      await close(viewer);
      await viewerClients([]);
      await watch.settle();
      assert.deepEqual(await watch.stop(), [WINDOW]);
    });
  }

  it('a viewer who follows the window (Fit on), then turns Fit off in a small browser', async (t) => {
    const { watch, connect, close, viewerClients } = await setup(t);
    const viewer = await connect('vic', { cols: 50, rows: 10, fit: true });
    const window = await viewer.waitForMessage('window');
    assert.deepEqual([window.cols, window.rows], [123, 42], 'the window plus its status line');
    await viewerClients(['123x42']);
    await watch.settle();
    // Fit off: its own size, the small browser's.
    viewer.send({ type: 'resize', cols: 50, rows: 10 });
    await viewerClients(['50x10']);
    await watch.settle();
    await close(viewer);
    await viewerClients([]);
    await watch.settle();
    assert.deepEqual(await watch.stop(), [WINDOW]);
  });

  it('many viewers at distinct sizes, joining and leaving at once, round after round', async (t) => {
    const { watch, connect, close, viewerClients } = await setup(t);
    const sizes = Array.from({ length: 8 }, (_, index) => ({
      cols: 7 + index * 31,
      rows: 3 + index * 9,
    }));
    for (let round = 0; round < 3; round += 1) {
      const viewers = await Promise.all(
        sizes.map((size, index) => connect('vic', { ...size, fit: index % 4 === 0 })),
      );
      await watch.settle();
      // Half leave while the other half resize to sizes of their own.
      await Promise.all(
        viewers.map(async (viewer, index) => {
          if (index % 2 === 0) await close(viewer);
          else viewer.send({ type: 'resize', cols: 10 + index, rows: 4 + index });
        }),
      );
      await watch.settle();
      await Promise.all(viewers.filter((_, index) => index % 2 === 1).map(close));
      await viewerClients([]);
    }
    await watch.settle();
    assert.deepEqual(await watch.stop(), [WINDOW]);
  });

  it("whatever the user's window-size and aggressive-resize, which stay as they were", async (t) => {
    const { tmux, watch, connect, close, viewerClients } = await setup(t);
    for (const windowSize of ['largest', 'smallest', 'latest']) {
      for (const aggressive of ['on', 'off']) {
        await tmux.tmux('set-option', '-g', 'window-size', windowSize);
        await tmux.tmux('set-option', '-g', 'aggressive-resize', aggressive);
        const viewers = await Promise.all([
          connect('vic', { cols: 7, rows: 3 }),
          connect('vic', { cols: 200, rows: 60 }),
        ]);
        await viewerClients(['7x3', '200x60']);
        await watch.settle();
        await Promise.all(viewers.map(close));
        await viewerClients([]);
        await watch.settle();
        const options = await tmux.tmux('show-options', '-gv', '-t', '=main:', 'window-size');
        assert.equal(options.trim(), windowSize, 'the option as the user set it');
        assert.equal(
          (await tmux.tmux('show-options', '-wv', '-t', '=main:', 'window-size')).trim(),
          '',
          'and no window option of our own (resize-window would have set manual)',
        );
      }
    }
    assert.deepEqual(await watch.stop(), [WINDOW]);
  });

  it('the recorder, alone or with a small viewer, keeps the window as it is', async (t) => {
    const { gw, watch, connect, close, viewerClients } = await setup(t, { record: true });
    await waitFor('the recorder to attach', () =>
      gw.logs.some((entry) => entry.event === 'recording_attached'),
    );
    const attached = gw.logs.find((entry) => entry.event === 'recording_attached');
    assert.deepEqual([attached?.cols, attached?.rows], [123, 42], 'the window plus its status');
    await watch.settle();
    const viewer = await connect('vic', { cols: 50, rows: 10 });
    await viewerClients(['123x42', '50x10']);
    await watch.settle();
    await close(viewer);
    await viewerClients(['123x42']);
    await watch.settle();
    assert.deepEqual(await watch.stop(), [WINDOW]);
  });
});

describe('the size guard', () => {
  it('leaves writers in charge of the window, as before', async (t) => {
    const { tmux, connect, windowSize } = await setup(t);
    await connect('vic', { cols: 7, rows: 3 });
    const writer = await connect('walt', { cols: 100, rows: 30 });
    await waitFor('the window to follow the writer', async () => (await windowSize()) === '100x29');
    writer.send({ type: 'resize', cols: 90, rows: 20 });
    await waitFor('the window to follow its resize', async () => (await windowSize()) === '90x19');
    await connect('vic', { cols: 200, rows: 60 });
    writer.type('echo still-$((6*7))\r');
    await waitFor('the writer to type', async () =>
      /^still-42$/m.test(await tmux.tmux('capture-pane', '-p', '-t', '=main:')),
    );
    assert.equal(await windowSize(), '90x19');
  });

  it('is attached again when someone detaches it, and the window holds meanwhile', async (t) => {
    const { tmux, watch, connect, viewerClients } = await setup(t);
    await connect('vic', { cols: 7, rows: 3 });
    await viewerClients(['7x3']);
    const guards = async () => (await tmuxClients(tmux)).filter((client) => client.control);
    const first = await guards();
    assert.ok(first.length > 0, 'a control-mode client guards the size');
    for (const guard of first) {
      await tmux.tmux('detach-client', '-t', `client-${guard.pid}`);
      await waitFor('the guard to be attached again', async () => {
        const now = await guards();
        return now.length === first.length && !now.some((client) => client.pid === guard.pid);
      });
      await watch.settle();
    }
    assert.deepEqual(await watch.stop(), [WINDOW]);
  });

  it('is not shown to the owner: presence, the clients list and the client count', async (t) => {
    const { tmux, connect, api, viewerClients } = await setup(t);
    const owner = await connect('olga', { cols: 100, rows: 30 });
    const viewer = await connect('vic', { cols: 7, rows: 3 });
    await viewerClients(['7x3']);
    await waitFor('a guard', async () =>
      (await tmuxClients(tmux)).some((client) => client.control),
    );
    const ids = [owner, viewer].map((client) => {
      const hello = client.messages.find((message) => message.type === 'hello');
      assert.ok(hello?.type === 'hello');
      return hello.clientId;
    });
    const listed = (await (await api('olga', '/sessions/main/clients')).json()) as PresenceClient[];
    assert.deepEqual(listed.map((client) => client.id).sort(), [...ids].sort());
    const sessions = (await (await api('olga', '/sessions')).json()) as Array<{
      name: string;
      clients: number;
    }>;
    assert.equal(sessions.find((session) => session.name === 'main')?.clients, 2);
    await waitFor('a presence push with both browsers and nothing else', () => {
      const last = owner.messages.filter((message) => message.type === 'presence').at(-1);
      return (
        last?.type === 'presence' &&
        last.clients
          .map((client) => client.id)
          .sort()
          .join() === [...ids].sort().join()
      );
    });
  });

  it('ends after the last viewer leaves, and when the gateway closes', async (t) => {
    const { gw, tmux, connect, close, viewerClients } = await setup(t);
    const guardPids = async () =>
      (await tmuxClients(tmux)).filter((client) => client.control).map((client) => client.pid);

    const viewer = await connect('vic', { cols: 7, rows: 3 });
    await viewerClients(['7x3']);
    const first = await waitFor('a guard', async () => {
      const pids = await guardPids();
      return pids.length > 0 ? pids : undefined;
    });
    await close(viewer);
    await waitFor('no tmux client left', async () => (await tmuxClients(tmux)).length === 0);
    for (const pid of first)
      await waitFor(`guard ${pid} to exit`, async () => !(await running(pid)));

    await connect('vic', { cols: 60, rows: 20 });
    await viewerClients(['60x20']);
    const second = await waitFor('a guard again', async () => {
      const pids = await guardPids();
      return pids.length > 0 ? pids : undefined;
    });
    await gw.gateway.close();
    await waitFor('no tmux client left', async () => (await tmuxClients(tmux)).length === 0);
    for (const pid of second) {
      await waitFor(`guard ${pid} to exit`, async () => !(await running(pid)));
    }
  });
});
