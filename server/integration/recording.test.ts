// Session recording with real tmux and the real gateway: asciicast v2 files of a writer's command
// with its author, the owner's toggle, resuming when a session starts, following the window size,
// rotation and retention, and the API's refusals (non-owners, malformed and traversing ids).

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditRecord } from '../audit.js';
import { createLogger } from '../log.js';
import { ensureSessionDir } from '../recording/recordingFiles.js';
import { RecordingManager } from '../recording/recordingManager.js';
import { LiveSession } from '../sessions/sessionRegistry.js';
import { sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import { startTmux, waitFor } from './tmuxFixture.js';

const USERS = ['olga', 'walt', 'vic'] as const;
type User = (typeof USERS)[number];

type CastEvent = [number, string, string];
interface Cast {
  header: Record<string, unknown>;
  events: CastEvent[];
}

/** Parses a .cast line by line as asciicast v2, asserting the shape of every line. */
function parseCast(text: string): Cast {
  assert.ok(text.endsWith('\n'), 'the file ends with a whole line');
  const [first, ...rest] = text.slice(0, -1).split('\n');
  const header = JSON.parse(first ?? '') as Record<string, unknown>;
  assert.equal(header.version, 2);
  assert.ok(Number.isInteger(header.width) && (header.width as number) > 0);
  assert.ok(Number.isInteger(header.height) && (header.height as number) > 0);
  assert.ok(Number.isInteger(header.timestamp));
  assert.equal(typeof header.title, 'string');
  assert.deepEqual(header.env, { TERM: 'xterm-256color' });
  let previous = 0;
  const events = rest.map((line) => {
    const event = JSON.parse(line) as unknown;
    assert.ok(Array.isArray(event) && event.length === 3, line);
    const [time, code, data] = event as unknown[];
    assert.equal(typeof time, 'number', line);
    assert.ok(['o', 'i', 'm', 'r'].includes(code as string), line);
    assert.equal(typeof data, 'string', line);
    assert.ok((time as number) >= previous, `time goes down at ${line}`);
    previous = time as number;
    return event as CastEvent;
  });
  return { header, events };
}

const outputOf = (cast: Cast) =>
  cast.events
    .filter(([, code]) => code === 'o')
    .map(([, , data]) => data)
    .join('');

async function setup(t: TestContext, sessionOptions: { record?: boolean; names?: string[] } = {}) {
  const names = sessionOptions.names ?? ['main'];
  const access = { olga: 'owner', walt: 'writer', vic: 'viewer' } as const;
  const {
    gw,
    tmux,
    cookies,
    connect: connectAs,
  } = await setupGateway(t, {
    users: USERS,
    // A session named "later" is configured but not running: the test starts it itself.
    tmuxSessions: names.filter((name) => name !== 'later'),
    sessions: (socket) =>
      names.map((name) =>
        sessionOn(socket, name, { access, record: sessionOptions.record ?? false }),
      ),
  });
  const api = (user: User | undefined, method: string, path: string, body?: unknown) =>
    fetch(`${gw.url}/api${path}`, {
      method,
      headers: {
        ...(user ? { Cookie: cookies[user] } : {}),
        'Content-Type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const connect = (user: User, session = 'main') => connectAs(user, { session });
  const status = async (session = 'main') =>
    (await (await api('olga', 'GET', `/sessions/${session}/recording`)).json()) as {
      enabled: boolean;
      active: boolean;
    };
  const list = async (session = 'main') =>
    (await (await api('olga', 'GET', `/sessions/${session}/recordings`)).json()) as Array<{
      id: string;
      startedAt: string;
      endedAt?: string;
      bytes: number;
      durationSeconds: number;
    }>;
  const cast = async (id: string, session = 'main') =>
    (await api('olga', 'GET', `/sessions/${session}/recordings/${id}`)).text();
  return { gw, tmux, api, connect, status, list, cast, cookies };
}

/** GET with the path exactly as written: fetch() would resolve `%2e%2e` segments itself. */
function rawGet(gw: GatewayFixture, path: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: gw.port, path, headers: { Cookie: cookie } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function auditEvents(gw: GatewayFixture, prefix: string) {
  return (await gw.audit()).filter((record) => String(record.event).startsWith(prefix));
}

describe('session recording', () => {
  it("records a writer's command, attributed to them, as asciicast v2", async (t) => {
    const { gw, api, connect, status, list, cast } = await setup(t, { record: true });
    await waitFor('the recorder to attach', async () => (await status()).active);
    const [active] = await list();
    assert.ok(active && active.endedAt === undefined, 'the file being written has no end yet');

    const viewer = await connect('vic');
    const writer = await connect('walt');
    await writer.waitForScreen(/tg\$ $/m);
    viewer.type('echo viewer-was-here\r');
    writer.type('echo rec-$((6*7))\r');
    await writer.waitForScreen(/^rec-42$/m);
    // The recorder's own tmux client shows the output too; its file is written within moments.
    await waitFor('the output in the recording', async () =>
      (await cast(active.id)).includes('rec-42'),
    );

    const off = await api('olga', 'POST', '/sessions/main/recording', { enabled: false });
    assert.equal(off.status, 200);
    assert.deepEqual(await off.json(), { enabled: false, active: false });

    const [done] = await list();
    assert.equal(done?.id, active.id);
    assert.ok(done.endedAt !== undefined && done.durationSeconds > 0 && done.bytes > 0);
    const response = await api('olga', 'GET', `/sessions/main/recordings/${done.id}`);
    assert.equal(response.headers.get('content-type'), 'application/x-asciicast');
    assert.equal(response.headers.get('content-disposition'), null);
    const parsed = parseCast(await response.text());
    assert.equal(parsed.header.title, 'tmuxgate main');
    // The fixture's window is 80x24 before anyone attached; the recorder adds the status line.
    assert.deepEqual([parsed.header.width, parsed.header.height], [80, 25]);
    assert.match(outputOf(parsed), /rec-42/);

    const typed = parsed.events.findIndex(
      ([, code, data]) => code === 'i' && data.includes('rec-'),
    );
    assert.ok(typed > 0, 'the command is an input event');
    const marker = parsed.events
      .slice(0, typed)
      .reverse()
      .find(([, code]) => code === 'm');
    assert.deepEqual(marker?.slice(1), ['m', 'walt']);
    const inputs = parsed.events.filter(([, code]) => code === 'i' || code === 'm');
    assert.ok(!inputs.some(([, , data]) => data.includes('viewer-was-here') || data === 'vic'));

    const download = await api('olga', 'GET', `/sessions/main/recordings/${done.id}?download=1`);
    assert.equal(
      download.headers.get('content-disposition'),
      `attachment; filename=main-${done.id}.cast`,
    );
    assert.equal(await download.text(), await cast(done.id));

    const events = await auditEvents(gw, 'recording-');
    assert.deepEqual(
      events.map((record) => [record.event, record.session, record.reason, record.by]),
      [
        ['recording-started', 'main', 'config', undefined],
        ['recording-stopped', 'main', 'owner', 'olga'],
      ],
    );
  });

  it('lets owners toggle recording live; it starts when the session does and ends with it', async (t) => {
    const { tmux, api, status, list, cast } = await setup(t, { names: ['later'] });
    assert.deepEqual(await status('later'), { enabled: false, active: false });
    const on = await api('olga', 'POST', '/sessions/later/recording', { enabled: true });
    assert.deepEqual(await on.json(), { enabled: true, active: false });
    assert.deepEqual(await list('later'), []);

    await tmux.newSession('later');
    await waitFor('the recorder to attach', async () => (await status('later')).active, 10_000);
    const flags = await tmux.tmux('list-clients', '-t', '=later', '-F', '#{client_flags}');
    assert.match(flags, /ignore-size/);
    assert.match(flags, /read-only/);

    // A writer resizing the window: the recording follows with a resize event.
    await tmux.tmux('resize-window', '-t', '=later:', '-x', '100', '-y', '30');
    const [first] = await list('later');
    await waitFor('a resize event', async () =>
      (await cast(first!.id, 'later')).includes('"r","100x31"'),
    );

    await tmux.tmux('kill-session', '-t', '=later');
    await waitFor('the file to close', async () => !(await status('later')).active);
    assert.deepEqual(await status('later'), { enabled: true, active: false });
    const [ended] = await list('later');
    assert.ok(ended?.endedAt !== undefined);
    parseCast(await cast(ended.id, 'later'));
  });

  it('refuses non-owners, malformed ids and ids that leave the directory', async (t) => {
    const { gw, api, cookies } = await setup(t, { record: true });
    const { id } = await waitFor('a recording', async () => {
      const response = await api('olga', 'GET', '/sessions/main/recordings');
      return ((await response.json()) as Array<{ id: string }>)[0];
    });
    await writeFile(join(gw.stateDir, 'recordings', 'secret.cast'), 'not for you');

    for (const user of ['walt', 'vic'] as const) {
      for (const [method, path] of [
        ['GET', '/sessions/main/recording'],
        ['POST', '/sessions/main/recording'],
        ['GET', '/sessions/main/recordings'],
        ['GET', `/sessions/main/recordings/${id}`],
      ] as const) {
        const response = await api(
          user,
          method,
          path,
          method === 'POST' ? { enabled: false } : undefined,
        );
        assert.equal(response.status, 403, `${user} ${method} ${path}`);
      }
    }
    assert.equal((await api(undefined, 'GET', '/sessions/main/recordings')).status, 401);
    assert.equal((await api('olga', 'GET', '/sessions/nope/recordings')).status, 404);
    assert.equal(
      (await api('olga', 'POST', '/sessions/main/recording', { enabled: 'yes' })).status,
      400,
    );

    for (const bad of [
      '..%2Fsecret',
      '..%2F..%2Faudit.log',
      '..%2F..%2Frecordings%2Fsecret',
      '%2e%2e',
      '%2e%2e%2fsecret',
      `${id}%2F..`,
      `${id}.cast`,
      'secret',
      '20000101T000000.000Z',
    ]) {
      const path = `/api/sessions/main/recordings/${bad}`;
      assert.equal(await rawGet(gw, path, cookies.olga), 404, bad);
    }
    const response = await api('olga', 'GET', '/sessions/main/recordings/..%2F..%2Faudit.log');
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      error: { code: 'unknown_recording', message: 'No such recording.' },
    });
    assert.equal(await rawGet(gw, `/api/sessions/main/recordings/${id}`, cookies.olga), 200);
  });
});

/** A RecordingManager on a private tmux server, without a gateway, with test-sized limits. */
async function startRecorder(
  t: TestContext,
  limits: { maxFileBytes: number; maxFileSeconds: number },
) {
  const tmux = await startTmux(['main']);
  const stateDir = join(tmux.dir, 'state');
  const dir = await ensureSessionDir(join(stateDir, 'recordings'), 'main');
  const audit: AuditRecord[] = [];
  const manager = new RecordingManager({
    stateDir,
    limits: { ...limits, retentionDays: 30 },
    audit: { write: (record) => audit.push(record), dispose: () => undefined },
    log: createLogger('error'),
    pollMs: 200,
  });
  t.after(async () => {
    manager.dispose();
    await tmux.cleanup();
  });
  const start = () => {
    manager.attach(new LiveSession(sessionOn(tmux.socket, 'main', { record: true })));
    return waitFor('the recorder to attach', () => manager.status('main')?.active);
  };
  const files = async () => {
    const names = (await readdir(dir)).sort();
    return Promise.all(
      names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })),
    );
  };
  return { tmux, dir, manager, audit, start, files };
}

describe('recorder files', () => {
  /** A few screen lines: the 60 lines below make several files. */
  const MAX_FILE_BYTES = 1024;

  it('rotate before passing maxFileBytes; files older than retentionDays are removed', async (t) => {
    const { tmux, dir, manager, audit, start, files } = await startRecorder(t, {
      maxFileBytes: MAX_FILE_BYTES,
      maxFileSeconds: 3600,
    });
    const expired = join(dir, '20200101T000000.000Z.cast');
    await writeFile(expired, '{"version":2,"width":80,"height":24,"timestamp":0}\n');
    const old = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    await utimes(expired, old, old);

    await start();
    await tmux.tmux(
      'send-keys',
      '-t',
      '=main:',
      'for i in $(seq 1 60); do echo "n$i:$((i*i))"; sleep 0.02; done',
      'Enter',
    );
    await waitFor('the last line recorded', async () =>
      (await files()).some((f) => f.text.includes('n60:3600')),
    );
    await waitFor('the expired file to be removed', async () =>
      (await files()).every((file) => file.name !== '20200101T000000.000Z.cast'),
    );
    manager.dispose();

    const all = await files();
    assert.ok(all.length >= 3, `${all.length} files`);
    const casts = all.map((file) => {
      const parsed = parseCast(file.text);
      // Only an event larger than the limit by itself makes a file larger (a full-screen redraw).
      const size = Buffer.byteLength(file.text);
      assert.ok(size <= MAX_FILE_BYTES || parsed.events.length === 1, `${file.name}: ${size} B`);
      return parsed;
    });
    for (const parsed of casts) {
      assert.deepEqual([parsed.header.width, parsed.header.height], [80, 25]);
    }
    const text = casts.map(outputOf).join('');
    for (let i = 1; i <= 60; i++) assert.ok(text.includes(`n${i}:${i * i}`), `line ${i}`);
    assert.deepEqual(
      audit.map((record) => [record.event, record.reason]),
      [
        ['recording-started', 'config'],
        ['recording-stopped', 'shutdown'],
      ],
    );
  });

  it('start each new file with the whole screen, also when rotating a quiet session on time', async (t) => {
    const { tmux, manager, start, files } = await startRecorder(t, {
      maxFileBytes: 1024 * 1024,
      maxFileSeconds: 1,
    });
    await start();
    await tmux.tmux('send-keys', '-t', '=main:', 'echo quiet-$((2+3))', 'Enter');
    const first = await waitFor(
      'the output',
      async () =>
        (await files()).findIndex((file) => /^\[[\d.]+,"o",".*quiet-5/m.test(file.text)) + 1,
    );
    // Nothing happens in the session any more; the files after the next rotation still show it.
    await waitFor('a later file with the screen redrawn', async () =>
      (await files())
        .slice(first + 1)
        .some((file) => outputOf(parseCast(file.text)).includes('quiet-5')),
    );
    manager.dispose();
  });
});
