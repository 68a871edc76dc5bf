// Unit tests for SessionMembership against hand-written fakes: no pty, no socket, no tmux.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExitReason, ServerMessage } from '../../shared/protocol.js';
import type { LiveRole, Role } from '../../shared/roles.js';
import { CANCEL_AND_RESET } from '../../shared/terminalBytes.js';
import { ManualTimers } from '../../shared/timers.js';
import type { LogFields, Logger } from '../log.js';
import { TmuxError } from '../tmux/tmuxServer.js';
import type { GroupViewer } from '../viewers/viewerGroup.js';
import type { ViewRequest } from '../viewers/sessionViewers.js';
import type {
  WriterClient,
  WriterClientOptions,
  MemberGroup,
  MemberPlacement,
} from './memberPorts.js';
import { MAX_PENDING_INPUT_BYTES, SessionMembership } from './sessionMembership.js';
import { VIEWER_RESIZE_DELAY, WRITER_RESIZE_DELAY } from './tmuxAttachment.js';

/** Lets promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A promise a test resolves when it wants to. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

let nextPid = 1000;

class FakeClient implements WriterClient {
  readonly pid = nextPid++;
  readonly writes: string[] = [];
  readonly resizes: string[] = [];
  disposed = false;
  echoes = 0;
  constructor(
    readonly options: WriterClientOptions,
    private readonly events: string[],
  ) {
    events.push(`spawn ${this.pid}`);
  }
  write(bytes: Buffer): void {
    this.writes.push(bytes.toString());
  }
  resize(cols: number, rows: number): void {
    this.resizes.push(`${cols}x${rows}`);
  }
  expectEcho(): void {
    this.echoes += 1;
  }
  flush(): void {}
  redraw(): Promise<void> {
    this.events.push(`redraw ${this.pid}`);
    return Promise.resolve();
  }
  dispose(): void {
    this.disposed = true;
    this.events.push(`dispose ${this.pid}`);
  }
}

class FakeGroup implements MemberGroup {
  readonly pid = nextPid++;
  readonly viewers = new Set<GroupViewer>();
  constructor(
    readonly cols: number,
    readonly rows: number,
    private readonly events: string[],
  ) {}
  remove(viewer: GroupViewer): void {
    this.viewers.delete(viewer);
    this.events.push(`leave ${this.pid}`);
  }
  redraw(): void {
    this.events.push(`group-redraw ${this.pid}`);
  }
}

const silentLog = (lines: { event: string; fields?: LogFields }[]): Logger => {
  const write = (event: string, fields?: LogFields) => lines.push({ event, fields });
  return { debug: write, info: write, warn: write, error: write };
};

interface SetupOptions {
  role?: Role;
  fit?: boolean;
  running?: () => Promise<boolean>;
  sessionExists?: boolean;
  /** Holds every join until the test releases it. */
  holdJoins?: boolean;
}

function setup(options: SetupOptions = {}) {
  const events: string[] = [];
  const clients: FakeClient[] = [];
  const groups: FakeGroup[] = [];
  const joins: ViewRequest[] = [];
  const heldJoins: (() => void)[] = [];
  const ends: { reason: ExitReason; message: string; serverFault: boolean }[] = [];
  const messages: ServerMessage[] = [];
  const logs: { event: string; fields?: LogFields }[] = [];
  const recorded: string[] = [];
  const counts = { changed: 0, forgot: 0, viewerEchoes: 0, windowChecks: 0 };
  const timers = new ManualTimers();
  const viewer: GroupViewer = { deliver: () => {}, groupEnded: () => {}, resized: () => {} };
  const join = async (joining: GroupViewer, request: ViewRequest): Promise<MemberPlacement> => {
    joins.push(request);
    events.push(`join ${request.fit ? 'fit' : `${request.cols}x${request.rows}`}`);
    if (options.holdJoins) await new Promise<void>((resolve) => heldJoins.push(resolve));
    const group = request.fit
      ? new FakeGroup(90, 40, events)
      : new FakeGroup(request.cols, request.rows, events);
    group.viewers.add(joining);
    groups.push(group);
    return { group, followsWindow: request.fit };
  };
  const membership = new SessionMembership({
    session: {
      name: 'main',
      members: [],
      viewers: {
        join,
        expectEcho: () => (counts.viewerEchoes += 1),
        windowMayHaveChanged: () => (counts.windowChecks += 1),
      },
      liveness: {
        ensureRunning: options.running ?? (() => Promise.resolve(true)),
        forget: () => (counts.forgot += 1),
      },
      changed: () => (counts.changed += 1),
    },
    viewer,
    role: options.role ?? 'writer',
    cols: 80,
    rows: 24,
    fit: options.fit ?? false,
    inputBytesPerSecond: 1024 * 1024,
    sink: {
      output: (frame) =>
        events.push(frame.toString('latin1') === CANCEL_AND_RESET ? 'output reset' : 'output'),
      send: (message) => messages.push(message),
      cancel: () => events.push('cancel'),
    },
    attachClient: (clientOptions) => {
      const client = new FakeClient(clientOptions, events);
      clients.push(client);
      return client;
    },
    sessionExists: () => Promise.resolve(options.sessionExists ?? true),
    end: (reason, message, serverFault = false) => ends.push({ reason, message, serverFault }),
    failed: (error) => assert.fail(String(error)),
    onInput: (bytes) => recorded.push(bytes.toString()),
    log: silentLog(logs),
    logFields: () => ({ client: 'c1' }),
    timers,
  });
  const releaseJoins = async () => {
    for (const release of heldJoins.splice(0)) release();
    await settle();
  };
  return {
    membership,
    viewer,
    events,
    clients,
    groups,
    joins,
    ends,
    messages,
    logs,
    recorded,
    counts,
    timers,
    releaseJoins,
  };
}

const input = (text: string) => Buffer.from(text);

describe('SessionMembership input', () => {
  it("delivers a writer's input to its own tmux client, and asks everyone for the echo", async () => {
    const t = setup({ role: 'writer' });
    await t.membership.start();
    t.membership.input(input('ls\r'));
    assert.deepEqual(t.clients.length, 1);
    assert.deepEqual(t.clients[0]?.writes, ['ls\r']);
    assert.deepEqual(t.recorded, ['ls\r']);
    assert.equal(t.counts.viewerEchoes, 1);
    assert.equal(t.membership.attachPid, t.clients[0]?.pid);
  });

  it("drops a viewer's input, and counts it once it leaves", async () => {
    const t = setup({ role: 'viewer' });
    await t.membership.start();
    t.membership.input(input('rm -rf /\r'));
    t.membership.input(input('x'));
    assert.equal(t.clients.length, 0);
    assert.deepEqual(t.recorded, []);
    assert.equal(t.logs.filter((line) => line.event === 'viewer_input_dropped').length, 1);
    t.membership.dispose();
    const total = t.logs.find((line) => line.event === 'viewer_input_dropped_total');
    assert.equal(total?.fields?.bytes, 'rm -rf /\r'.length + 1);
  });

  it('keeps input typed before the attach, delivers it in order after, and caps it', async () => {
    const running = deferred<boolean>();
    const t = setup({ role: 'writer', running: () => running.promise });
    const starting = t.membership.start();
    t.membership.input(input('a'));
    t.membership.input(input('b'));
    t.membership.input(Buffer.alloc(MAX_PENDING_INPUT_BYTES - 3, 'x'));
    t.membership.input(input('over the cap'));
    t.membership.input(input('c'));
    assert.equal(t.clients.length, 0);
    running.resolve(true);
    await starting;
    const writes = t.clients[0]?.writes ?? [];
    assert.deepEqual(
      writes.map((text) => (text.length > 10 ? 'x…' : text)),
      ['a', 'b', 'x…', 'c'],
    );
    t.membership.input(input('d'));
    assert.equal(writes.at(-1), 'd');
  });

  it('ends the connection when input comes faster than its rate', async () => {
    const t = setup({ role: 'writer' });
    await t.membership.start();
    t.membership.input(Buffer.alloc(64 * 1024 * 1024));
    assert.equal(t.ends[0]?.reason, 'error');
    assert.equal(t.clients[0]?.writes.length, 0);
  });
});

describe('SessionMembership start', () => {
  it('ends with session-ended when the session is not running', async () => {
    const t = setup({ running: () => Promise.resolve(false) });
    await t.membership.start();
    assert.equal(t.ends[0]?.reason, 'session-ended');
    assert.equal(t.clients.length + t.joins.length, 0);
  });

  it('ends with a server error when tmux cannot be run', async () => {
    const missing = new TmuxError('spawn tmux ENOENT', '', 'ENOENT');
    const t = setup({ running: () => Promise.reject(missing) });
    await t.membership.start();
    assert.deepEqual(t.ends, [
      { reason: 'error', message: 'tmux cannot be run on the gateway machine.', serverFault: true },
    ]);
  });
});

describe('SessionMembership roles', () => {
  it('demotes by closing the gate first: no byte typed meanwhile reaches the writable client', async () => {
    const t = setup({ role: 'writer', holdJoins: true });
    await t.membership.start();
    const writer = t.clients[0];
    const demoting = t.membership.setRole('viewer');
    // The gate closed before the move began: the role is a viewer's while the group is joined.
    assert.equal(t.membership.role, 'viewer');
    t.membership.input(input('typed during the demotion'));
    await t.releaseJoins();
    assert.equal(await demoting, true);
    assert.deepEqual(writer?.writes, []);
    assert.equal(t.membership.role, 'viewer');
    assert.deepEqual(t.events, [
      `spawn ${writer?.pid}`,
      'output reset',
      `dispose ${writer?.pid}`,
      'join 80x24',
    ]);
    assert.deepEqual(t.messages.at(-1), { type: 'role', role: 'viewer' });
    assert.equal(t.groups[0]?.viewers.has(t.viewer), true);
  });

  it('promotes by attaching first and opening the gate last', async () => {
    const t = setup({ role: 'viewer' });
    await t.membership.start();
    const group = t.groups[0];
    const promoting = t.membership.setRole('writer');
    // The writable client exists now, but the role (and so the gate) has not changed yet.
    t.membership.input(input('too early'));
    assert.equal(t.membership.role, 'viewer');
    assert.equal(await promoting, true);
    t.membership.input(input('now'));
    assert.deepEqual(t.clients[0]?.writes, ['now']);
    assert.deepEqual(t.events.slice(-3), [
      'output reset',
      `leave ${group?.pid}`,
      `spawn ${t.clients[0]?.pid}`,
    ]);
    assert.deepEqual(t.messages.at(-1), { type: 'role', role: 'writer' });
  });

  it('ends in the client of the latest role when the role changes during the first attach', async () => {
    for (let round = 0; round < 20; round += 1) {
      const t = setup({ role: 'viewer', holdJoins: true });
      const starting = t.membership.start();
      await settle();
      assert.equal(await t.membership.setRole('writer'), true);
      await t.releaseJoins();
      await starting;
      assert.equal(t.clients.length, 1, 'one writable client');
      assert.equal(t.clients[0]?.disposed, false);
      assert.equal(t.groups[0]?.viewers.size, 0, 'the group was left');
      assert.equal(t.membership.attachPid, t.clients[0]?.pid);
      t.membership.dispose();
      assert.equal(t.clients[0]?.disposed, true);
    }
  });

  /** Starts from `from`, asks for `roles` all at once, and waits until every change is done. */
  async function race(from: Role, roles: LiveRole[]) {
    const t = setup({ role: from });
    await t.membership.start();
    await Promise.all(roles.map((role) => t.membership.setRole(role)));
    await settle();
    const liveClients = t.clients.filter((client) => !client.disposed);
    const joined = t.groups.filter((group) => group.viewers.size > 0);
    return { t, liveClients, joined };
  }

  /** Role sequences of 2 to 6 changes, mixed. */
  const sequences = Array.from({ length: 30 }, (_, round) =>
    Array.from({ length: 2 + (round % 5) }, (_, change): LiveRole =>
      (round + change) % 3 === 0 ? 'writer' : 'viewer',
    ),
  );

  it('ends with one tmux client, of the role it has, however many changes race', async () => {
    for (const [round, roles] of sequences.entries()) {
      const { t, liveClients, joined } = await race(round % 2 ? 'writer' : 'viewer', roles);
      const writer = t.membership.role === 'writer';
      assert.equal(liveClients.length, writer ? 1 : 0, `round ${round}: writable clients`);
      assert.equal(joined.length, writer ? 0 : 1, `round ${round}: groups`);
      assert.equal(t.membership.attachPid, (liveClients[0] ?? joined[0])?.pid);
      t.membership.dispose();
      assert.equal(t.clients.filter((client) => !client.disposed).length, 0);
      assert.equal(t.groups.filter((group) => group.viewers.size > 0).length, 0);
    }
  });

  it('ends in the last role asked for, however many changes race', async () => {
    for (const [round, roles] of sequences.entries()) {
      const { t } = await race(round % 2 ? 'writer' : 'viewer', roles);
      assert.equal(t.membership.role, roles.at(-1), `round ${round}: ${roles.join(',')}`);
    }
  });

  it('does nothing for the role it already has, or once disposed', async () => {
    const t = setup({ role: 'writer' });
    await t.membership.start();
    assert.equal(await t.membership.setRole('writer'), false);
    t.membership.dispose();
    assert.equal(await t.membership.setRole('viewer'), false);
    assert.equal(t.clients.length, 1);
  });
});

describe('SessionMembership sizes', () => {
  it("resizes a writer's pty once a burst of resizes settles", async () => {
    const t = setup({ role: 'writer' });
    await t.membership.start();
    t.membership.resize({ cols: 100, rows: 30 });
    t.membership.resize({ cols: 110, rows: 31 });
    t.membership.resize({ cols: 120, rows: 32 });
    assert.deepEqual(t.clients[0]?.resizes, []);
    t.timers.advance(WRITER_RESIZE_DELAY.maxWaitMs);
    await settle();
    assert.deepEqual(t.clients[0]?.resizes, ['120x32']);
    assert.equal(t.counts.windowChecks, 1);
    assert.deepEqual(t.membership.size, { cols: 120, rows: 32 });
  });

  it('moves a viewer to the group of its new size, once, and back to the window on fit', async () => {
    const t = setup({ role: 'viewer' });
    await t.membership.start();
    const first = t.groups[0];
    t.membership.resize({ cols: 100, rows: 30 });
    t.membership.resize({ cols: 132, rows: 43 });
    t.timers.advance(VIEWER_RESIZE_DELAY.maxWaitMs);
    await settle();
    assert.deepEqual(t.joins.at(-1), { fit: false, cols: 132, rows: 43 });
    assert.equal(t.joins.length, 2);
    assert.equal(first?.viewers.size, 0);
    assert.equal(t.clients.length, 0, 'a viewer never gets a writable client');
    t.membership.fitWindow();
    t.timers.advance(VIEWER_RESIZE_DELAY.maxWaitMs);
    await settle();
    assert.deepEqual(t.joins.at(-1), { fit: true });
    assert.deepEqual(t.messages.at(-1), { type: 'window', cols: 90, rows: 40 });
    assert.deepEqual(t.membership.size, { cols: 90, rows: 40 });
  });
});

describe('SessionMembership exits', () => {
  it('asks the browser to reconnect when its tmux client exits and the session lives', async () => {
    const t = setup({ role: 'writer', sessionExists: true });
    await t.membership.start();
    t.clients[0]?.options.onExit(0);
    await settle();
    assert.deepEqual(t.ends, [
      {
        reason: 'error',
        message: 'The tmux client was detached; reconnecting.',
        serverFault: true,
      },
    ]);
    assert.equal(t.counts.forgot, 0);
  });

  it('says session-ended when its tmux client exits with the session', async () => {
    const t = setup({ role: 'writer', sessionExists: false });
    await t.membership.start();
    t.clients[0]?.options.onExit(1);
    await settle();
    assert.equal(t.ends[0]?.reason, 'session-ended');
    assert.equal(t.counts.forgot, 1);
  });

  it("ends a viewer whose group's tmux client ended", async () => {
    const t = setup({ role: 'viewer' });
    await t.membership.start();
    t.membership.groupEnded(false);
    assert.equal(t.ends[0]?.reason, 'session-ended');
    assert.equal(t.counts.forgot, 1);
    assert.equal(t.membership.attachPid, undefined);
  });

  it('says nothing of an exit after dispose', async () => {
    const t = setup({ role: 'writer' });
    await t.membership.start();
    t.membership.dispose();
    t.clients[0]?.options.onExit(0);
    t.membership.groupEnded(true);
    await settle();
    assert.deepEqual(t.ends, []);
  });
});

describe('SessionMembership redraw and dispose', () => {
  it("redraws a writer's own client after CAN, and a viewer from its group", async () => {
    const writer = setup({ role: 'writer' });
    await writer.membership.start();
    await writer.membership.redraw(1234);
    assert.deepEqual(writer.events.slice(-2), ['cancel', `redraw ${writer.clients[0]?.pid}`]);
    const viewer = setup({ role: 'viewer' });
    await viewer.membership.start();
    await viewer.membership.redraw(1234);
    assert.equal(viewer.events.at(-1), `group-redraw ${viewer.groups[0]?.pid}`);
  });

  it('takes everything on dispose: its client, its place in a group, its timers', async () => {
    const writer = setup({ role: 'writer' });
    await writer.membership.start();
    writer.membership.resize({ cols: 100, rows: 30 });
    assert.ok(writer.timers.armed > 0);
    writer.membership.dispose();
    assert.equal(writer.clients[0]?.disposed, true);
    assert.equal(writer.timers.armed, 0);
    writer.timers.advance(WRITER_RESIZE_DELAY.maxWaitMs);
    await settle();
    assert.deepEqual(writer.clients[0]?.resizes, []);

    const viewer = setup({ role: 'viewer' });
    await viewer.membership.start();
    viewer.membership.resize({ cols: 100, rows: 30 });
    viewer.membership.dispose();
    assert.equal(viewer.groups[0]?.viewers.size, 0);
    assert.equal(viewer.timers.armed, 0);
    viewer.membership.dispose();
    assert.equal(viewer.events.filter((event) => event.startsWith('leave')).length, 1);
  });

  it('leaves a group it was still joining when disposed meanwhile', async () => {
    const t = setup({ role: 'viewer', holdJoins: true });
    const starting = t.membership.start();
    await settle();
    t.membership.dispose();
    await t.releaseJoins();
    await starting;
    assert.equal(t.groups[0]?.viewers.size, 0);
    assert.equal(t.membership.attachPid, undefined);
  });
});
