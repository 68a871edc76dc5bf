// Fuzzing: thousands of random and mutated WebSocket frames and HTTP requests. The gateway stays
// up, answers each with a clear status or close code, and a bystander's echo keeps working.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { spawnWithBystander } from './gatewayProcessFixture.js';
import { rawRequest } from './rawHttp.js';
import { sessionOn } from './gatewayFixture.js';
import { startTmux } from './tmuxFixture.js';

/** A seeded generator, so a failure can be replayed with the same seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}

const VALID_MESSAGES = [
  { type: 'resize', cols: 80, rows: 24 },
  { type: 'ack', bytes: 1024 },
  { type: 'ping', t: 1 },
  { type: 'request-write' },
];
const ODD_VALUES = [
  null,
  -1,
  0,
  1e308,
  -1e308,
  'x',
  '',
  [],
  {},
  true,
  2 ** 53,
  0.5,
  '__proto__',
  'A'.repeat(3000),
];

function mutatedMessage(rng: ReturnType<typeof random>): string {
  const message: Record<string, unknown> = { ...rng.pick(VALID_MESSAGES) };
  const keys = Object.keys(message);
  switch (rng.int(6)) {
    case 0:
      message[rng.pick(keys)] = rng.pick(ODD_VALUES);
      break;
    case 1:
      delete message[rng.pick(keys)];
      break;
    case 2:
      message[rng.pick(['extra', 'role', 'constructor', '__proto__', 'type2'])] =
        rng.pick(ODD_VALUES);
      break;
    case 3:
      message.type = rng.pick(['hello', 'exit', 'RESIZE', 'resize ', 'presence', '', 'exec']);
      break;
    case 4: {
      const text = JSON.stringify(message);
      return text.slice(0, rng.int(text.length));
    }
    default:
      break;
  }
  return JSON.stringify(message);
}

function randomFrame(rng: ReturnType<typeof random>): { data: Buffer | string; binary: boolean } {
  switch (rng.int(7)) {
    case 0:
      return { data: rng.bytes(rng.int(300)), binary: true };
    case 1:
      return { data: mutatedMessage(rng), binary: false };
    case 2:
      return { data: rng.bytes(rng.int(64)).toString('latin1'), binary: false };
    case 3:
      return { data: rng.bytes(1 + rng.int(40)), binary: false }; // often invalid UTF-8 in a text frame
    case 4:
      return { data: JSON.stringify(rng.pick(VALID_MESSAGES)), binary: false };
    case 5:
      return {
        data: Buffer.alloc(rng.int(4) === 0 ? 2 * 1024 * 1024 : 70_000, 0x61),
        binary: rng.int(2) === 0,
      };
    default:
      return { data: 'x'.repeat(rng.int(9000)), binary: false };
  }
}

const PATHS = [
  '/api/login',
  '/api/join',
  '/api/sessions',
  '/api/sessions/main/ws',
  '/api/sessions/fuzz/links',
  '/api/sessions/..%2F..%2Fetc%2Fpasswd/clients',
  '/api/sessions/%00/links',
  '/join/',
  '/s/%E0%A4%A',
  '/login?token=',
  '/api/audit?since=%ZZ',
  '/assets/../../package.json',
  '/%2e%2e/%2e%2e/etc/passwd',
];

async function randomRequest(
  url: string,
  cookie: string,
  rng: ReturnType<typeof random>,
): Promise<number> {
  const path =
    rng.int(3) === 0 ? `/join/${rng.bytes(rng.int(80)).toString('base64url')}` : rng.pick(PATHS);
  const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
  const bodies = [
    undefined,
    '{',
    '[]',
    'null',
    mutatedMessage(rng),
    rng.bytes(rng.int(200)).toString('latin1'),
    JSON.stringify({ username: rng.pick(ODD_VALUES), password: rng.pick(ODD_VALUES) }),
  ];
  const body = method === 'GET' || method === 'OPTIONS' ? undefined : rng.pick(bodies);
  // A connection the gateway closes is an answer too (as for the raw requests): 0.
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(rng.int(2) === 0 ? { Cookie: cookie } : {}),
      'Content-Type': rng.pick([
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
      ]),
    },
    ...(body === undefined ? {} : { body }),
    redirect: 'manual',
  }).catch(() => undefined);
  if (!response) return 0;
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

async function fuzzConnection(
  url: string,
  cookie: string,
  rng: ReturnType<typeof random>,
  frames: number,
): Promise<number> {
  const target = new URL(url);
  target.protocol = 'ws:';
  target.pathname = '/api/sessions/fuzz/ws';
  target.search = `?cols=${rng.pick(['80', '-5', '1e9', 'abc', '', '99999999999999999999'])}&rows=${rng.pick(['24', '0', 'NaN'])}`;
  const ws = new WebSocket(target, { headers: { Cookie: cookie, Origin: new URL(url).origin } });
  const closed = new Promise<number>((resolve) => {
    ws.once('close', (code) => resolve(code));
    ws.once('error', () => resolve(-1));
  });
  await new Promise<void>((resolve) => {
    ws.once('open', () => resolve());
    ws.once('error', () => resolve());
  });
  for (let i = 0; i < frames && ws.readyState === WebSocket.OPEN; i += 1) {
    const frame = randomFrame(rng);
    ws.send(frame.data, { binary: frame.binary });
  }
  if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"nonsense"}');
  const code = await Promise.race([
    closed,
    new Promise<number>((resolve) => setTimeout(() => resolve(0), 10_000)),
  ]);
  ws.terminate();
  return code;
}

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
  'GE T',
  '',
  'G\x00T',
];
const TARGETS = [
  '/',
  '//',
  '///api/sessions/main/ws',
  '//evil.example/api/sessions/main/ws',
  '/api/sessions/main/ws',
  '/api/sessions/main/ws?cols=1e999&rows=-1',
  '/api/sessions/%/ws',
  '/api/sessions/%E0%A4%A/ws',
  '/api/sessions/main%00/ws',
  '/api/sessions/main/ws#frag',
  'http://x/api/sessions/main/ws',
  'http://[::1',
  '*',
  '',
  '?',
  '/?' + '&'.repeat(200),
  '/healthz?\u00ff',
  `/${'a'.repeat(9000)}`,
];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'FOO', ''];

/** One raw request: a request line and headers picked to break parsers, maybe cut short. */
function rawFuzzRequest(rng: ReturnType<typeof random>, cookie: string, origin: string): Buffer {
  const headers: string[] = [];
  if (rng.int(5) !== 0) headers.push(`Host: ${rng.pick(['x', '', '127.0.0.1', 'a'.repeat(300)])}`);
  if (rng.int(2) === 0) {
    headers.push(`Connection: ${rng.pick(['Upgrade', 'upgrade, keep-alive', 'close', ''])}`);
    headers.push(`Upgrade: ${rng.pick(['websocket', 'foo', 'WebSocket', '', 'h2c'])}`);
  }
  if (rng.int(2) === 0) {
    headers.push(`Sec-WebSocket-Version: ${rng.pick(['13', '8', 'x', ''])}`);
    headers.push(`Sec-WebSocket-Key: ${rng.pick(['dGhlIHNhbXBsZSBub25jZQ==', 'short', ''])}`);
  }
  if (rng.int(2) === 0)
    headers.push(`Cookie: ${rng.pick([cookie, 'tmuxgate_login=v1.x.y', ';;='])}`);
  if (rng.int(2) === 0) headers.push(`Origin: ${rng.pick([origin, 'null', 'http://evil', ''])}`);
  if (rng.int(4) === 0)
    headers.push(
      rng.pick([
        'Content-Length: -1',
        'Content-Length: 5, 6',
        'Transfer-Encoding: chunked, identity',
        'X: \x01\x7f',
        'NoColon',
        ': empty',
        `X-Big: ${'b'.repeat(20_000)}`,
      ]),
    );
  if (rng.int(6) === 0) headers.push(...Array.from({ length: 300 }, (_, i) => `X-${i}: ${i}`));
  const line = `${rng.pick(METHODS)} ${rng.pick(TARGETS)} ${rng.pick(VERSIONS)}`;
  const text = `${line}\r\n${headers.join('\r\n')}\r\n\r\n`;
  const bytes = Buffer.from(text, 'latin1');
  switch (rng.int(5)) {
    case 0:
      return bytes.subarray(0, rng.int(bytes.length)); // truncated
    case 1:
      return Buffer.concat([bytes, rng.bytes(rng.int(500))]); // garbage after the headers
    default:
      return bytes;
  }
}

describe('fuzzing', () => {
  it('answers or closes malformed raw HTTP requests, and stays up for a bystander', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const { gw, bystander } = await spawnWithBystander(t, tmux);

    const rng = random(Number(process.env.FUZZ_SEED ?? 20261201));
    const origin = new URL(gw.url).origin;
    const statuses = new Map<string, number>();
    for (let round = 0; round < 12; round += 1) {
      const answers = await Promise.all(
        // A request cut short is answered only after the server's header timeout: don't wait for it.
        Array.from({ length: 20 }, () =>
          rawRequest(gw.url, rawFuzzRequest(rng, gw.cookie, origin), 1000),
        ),
      );
      for (const answer of answers) {
        const status =
          /^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? (answer === '' ? 'closed' : 'other');
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      assert.equal(gw.child.exitCode, null, `the gateway is still running after round ${round}`);
      assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
      bystander.type(`echo raw-${round}\r`);
      await bystander.waitForScreen(new RegExp(`^raw-${round}$`, 'm'));
    }
    const seen = JSON.stringify([...statuses]);
    assert.equal(statuses.get('500') ?? 0, 0, `no internal errors: ${seen}`);
    assert.equal(
      statuses.get('other') ?? 0,
      0,
      `every answer is a status line or a close: ${seen}`,
    );
    assert.ok((statuses.get('400') ?? 0) > 0, `malformed requests get 400: ${seen}`);
  });

  it('stays up under thousands of random frames and requests, and the bystander keeps working', async (t) => {
    const tmux = await startTmux(['main']);
    // The fuzzed session reads its input raw into nothing: random bytes cannot end it.
    await tmux.newSession('fuzz', ['sh', '-c', 'stty raw -echo; exec cat > /dev/null']);
    t.after(() => tmux.cleanup());
    const { gw, bystander } = await spawnWithBystander(t, tmux, [
      sessionOn(tmux.socket),
      sessionOn(tmux.socket, 'fuzz'),
    ]);

    const rng = random(Number(process.env.FUZZ_SEED ?? 20261125));
    const closeCodes = new Map<number, number>();
    const statuses = new Map<number, number>();
    let frames = 0;
    let requests = 0;
    for (let round = 0; round < 20; round += 1) {
      const connections = await Promise.all(
        Array.from({ length: 5 }, () => {
          const count = 10 + rng.int(30);
          frames += count;
          return fuzzConnection(gw.url, gw.cookie, rng, count);
        }),
      );
      for (const code of connections) closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
      const answers = await Promise.all(
        Array.from({ length: 60 }, () => randomRequest(gw.url, gw.cookie, rng)),
      );
      requests += answers.length;
      for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      bystander.type(`echo alive-${round}\r`);
      await bystander.waitForScreen(new RegExp(`^alive-${round}$`, 'm'));
    }

    assert.ok(frames + requests >= 3000, `${frames} frames and ${requests} requests`);
    assert.equal(gw.child.exitCode, null, 'the gateway is still running');
    assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
    assert.equal(statuses.get(500) ?? 0, 0, `no internal errors: ${JSON.stringify([...statuses])}`);
    assert.ok(
      (statuses.get(0) ?? 0) * 20 <= requests,
      `nearly every request is answered: ${JSON.stringify([...statuses])}`,
    );
    for (const code of closeCodes.keys()) {
      assert.ok(
        [4400, 1007, 1009, 1006, 0, -1].includes(code) || (code >= 4000 && code < 5000),
        `close code ${code}`,
      );
    }
    assert.ok((closeCodes.get(4400) ?? 0) > 0, 'protocol errors were answered with 4400');
  });
});
