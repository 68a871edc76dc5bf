// Fuzzing: thousands of random and mutated WebSocket frames and HTTP requests. The gateway stays
// up, answers each with a clear status or close code, and a bystander's echo keeps working.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { spawnGateway } from './gatewayProcessFixture.js';
import { sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
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
  });
  await response.arrayBuffer();
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

describe('fuzzing', () => {
  it('stays up under thousands of random frames and requests, and the bystander keeps working', async (t) => {
    const tmux = await startTmux(['main']);
    // The fuzzed session reads its input raw into nothing: random bytes cannot end it.
    await tmux.newSession('fuzz', ['sh', '-c', 'stty raw -echo; exec cat > /dev/null']);
    t.after(() => tmux.cleanup());
    const gw = await spawnGateway([sessionOn(tmux.socket), sessionOn(tmux.socket, 'fuzz')]);
    t.after(() => gw.stop());
    const bystander = await TestClient.connect({ url: gw.url, cookie: gw.cookie });
    t.after(() => bystander.close());
    await bystander.waitForScreen(/tg\$/);

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
    for (const code of closeCodes.keys()) {
      assert.ok(
        [4400, 1007, 1009, 1006, 0, -1].includes(code) || (code >= 4000 && code < 5000),
        `close code ${code}`,
      );
    }
    assert.ok((closeCodes.get(4400) ?? 0) > 0, 'protocol errors were answered with 4400');
  });
});
