// `tmuxgate serve` logs: JSON lines on stdout, filtered by log.level (TMUXGATE_LOG_LEVEL wins),
// and no password or cookie in them whatever happens.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../auth/passwords.js';
import { waitFor } from './tmuxFixture.js';

const cliEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.ts');
const PASSWORD = 'correct-horse-hunter2';
const WRONG_PASSWORD = 'wrong-horse-hunter3';
/** What serve prints for people, besides the log lines. */
const HUMAN_LINE = /^tmuxgate listening on |^metrics on /;

interface Served {
  stdout: () => string;
  stderr: () => string;
  url: () => Promise<string>;
  /** stdout's JSON lines, parsed; fails on a line that is neither JSON nor a human line. */
  records: () => Array<Record<string, unknown>>;
}

async function serve(t: TestContext, level: string, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'tg-logs-'));
  const config = join(dir, 'config.yaml');
  await writeFile(
    config,
    `stateDir: ${join(dir, 'state')}\nlog: { level: ${level} }\n` +
      `users: [{ name: alice, passwordHash: "${await hashPassword(PASSWORD)}" }]\n` +
      `sessions: [{ name: s, socket: ${join(dir, 'tmux.sock')}, target: s, access: { alice: owner } }]\n`,
    { mode: 0o600 },
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cliEntry, 'serve', '--config', config, '--port', '0'],
    { env: { ...process.env, TMUXGATE_LOG_LEVEL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });
  const served: Served = {
    stdout: () => stdout,
    stderr: () => stderr,
    url: () => waitFor('the listening line', () => /listening on (http:\/\/\S+)/.exec(stdout)?.[1]),
    records: () =>
      stdout
        .split('\n')
        .filter((line) => line !== '' && !HUMAN_LINE.test(line))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
  return served;
}

describe('serve logs', () => {
  it('are JSON lines on stdout with level and event, and never hold a password or cookie', async (t) => {
    const served = await serve(t, 'debug');
    const url = await served.url();
    const login = (password: string) =>
      fetch(`${url}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password }),
      });
    assert.equal((await login(WRONG_PASSWORD)).status, 401);
    const ok = await login(PASSWORD);
    assert.equal(ok.status, 204);
    const cookie = (ok.headers.get('set-cookie') ?? '').split(';')[0]!;
    const cookieValue = cookie.split('=')[1]!;
    // A bad upgrade and a logout: more code paths that see the cookie.
    await fetch(`${url}/api/sessions/s/ws`, { headers: { Cookie: cookie, Origin: 'https://x' } });
    await fetch(`${url}/api/logout`, { method: 'POST', headers: { Cookie: cookie } });
    const records = await waitFor('the listening record', () => {
      const parsed = served.records();
      return parsed.some((record) => record.event === 'listening') ? parsed : undefined;
    });
    for (const record of records) {
      assert.match(String(record.level), /^(debug|info|warn|error)$/);
      assert.equal(typeof record.event, 'string');
      assert.equal(typeof record.time, 'string');
    }
    const everything = served.stdout() + served.stderr();
    for (const secret of [PASSWORD, WRONG_PASSWORD, cookieValue]) {
      assert.ok(!everything.includes(secret), 'a secret reached the output');
    }
  });

  it('are filtered by log.level, and TMUXGATE_LOG_LEVEL overrides it', async (t) => {
    const quiet = await serve(t, 'warn');
    await quiet.url();
    const loud = await serve(t, 'warn', { TMUXGATE_LOG_LEVEL: 'debug' });
    await loud.url();
    await waitFor('the loud listening record', () =>
      loud.records().some((record) => record.event === 'listening'),
    );
    assert.ok(
      quiet.records().every((record) => record.level === 'warn' || record.level === 'error'),
      quiet.stdout(),
    );
    assert.ok(!quiet.records().some((record) => record.event === 'listening'));
  });
});
