// `tmuxgate serve` as a process: the embedded default, a config file, and refusals at start.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import { promisify } from 'node:util';
import { startTmux, waitFor } from './tmuxFixture.js';

const run = promisify(execFile);
const cliEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.ts');

interface Serving {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function serve(t: TestContext, env: Record<string, string>, ...args: string[]): Serving {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', cliEntry, 'serve', '--port', '0', ...args],
    {
      // The embedded default's session runs $SHELL: one that reads no rc files.
      env: { ...process.env, SHELL: '/bin/sh', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  t.after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

describe('tmuxgate serve', () => {
  it('runs the embedded default: private state, private socket, a one-time login link', async (t) => {
    const stateDir = join(await mkdtemp(join(tmpdir(), 'tg-serve-')), 'state');
    t.after(async () => {
      await run('tmux', ['-S', join(stateDir, 'tmux.sock'), 'kill-server']).catch(() => undefined);
      await rm(dirname(stateDir), { recursive: true, force: true, maxRetries: 5 });
    });
    const serving = serve(t, { TMUXGATE_STATE_DIR: stateDir, HOME: dirname(stateDir) });
    const link = await waitFor(
      'the login link',
      () => /login\?token=\S+/.exec(serving.stdout())?.[0],
    );
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serving.stdout())?.[1];
    assert.ok(url && !url.endsWith(':0'), 'the chosen port is printed');
    assert.equal((await stat(stateDir)).mode & 0o777, 0o700);
    assert.equal((await stat(join(stateDir, 'secret.key'))).mode & 0o777, 0o600);
    assert.equal((await stat(join(stateDir, 'tmux.sock'))).mode & 0o077, 0);
    const { stdout } = await run('tmux', [
      '-S',
      join(stateDir, 'tmux.sock'),
      'list-sessions',
      '-F',
      '#{session_name}',
    ]);
    assert.equal(stdout.trim(), 'main');
    const first = await fetch(`${url}/${link}`, { redirect: 'manual' });
    assert.equal(first.status, 303);
    assert.match(first.headers.get('set-cookie') ?? '', /HttpOnly; SameSite=Lax/);
    const again = await fetch(`${url}/${link}`, { redirect: 'manual' });
    assert.equal(again.status, 401, 'the link works once');
    assert.match(await again.text(), /not valid/);
  });

  it('with a config file prints no login link, and warns about world-writable sockets', async (t) => {
    const tmux = await startTmux(['work']);
    t.after(() => tmux.cleanup());
    const { chmod } = await import('node:fs/promises');
    await chmod(tmux.socket, 0o777);
    const config = join(tmux.dir, 'config.yaml');
    await writeFile(
      config,
      `stateDir: ${join(tmux.dir, 'state')}\nsessions:\n  - { name: work, socket: ${tmux.socket}, target: work }\n`,
    );
    const serving = serve(t, {}, '--config', config);
    await waitFor('the listening line', () => serving.stdout().includes('listening on'));
    assert.doesNotMatch(serving.stdout(), /token=/);
    await waitFor('the warning', () =>
      /warning: tmux socket \S+ is world-writable/.test(serving.stderr()),
    );
  });

  it('refuses an invalid config file with every problem listed and exit 1', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-serve-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const config = join(dir, 'bad.yaml');
    await writeFile(
      config,
      'listen: { port: -1 }\nsessions:\n  - { name: "bad name", socket: relative.sock, target: x }\n',
    );
    const serving = serve(t, {}, '--config', config);
    assert.equal(await serving.exited, 1);
    assert.match(serving.stderr(), /bad\.yaml: invalid configuration/);
    assert.match(serving.stderr(), /listen\.port: must be a whole number/);
    assert.match(serving.stderr(), /sessions\.0\.name: must be 1-64 characters/);
    assert.match(serving.stderr(), /sessions\.0\.socket: must be an absolute path/);
  });

  it('refuses TLS files it cannot use, naming them, and exit 1', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-serve-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const config = join(dir, 'tls.yaml');
    await writeFile(
      config,
      `listen: { tls: { cert: ${dir}/missing.crt, key: ${dir} } }\n` +
        `sessions: [{ name: s, socket: ${dir}/tmux.sock, target: s }]\n`,
    );
    const serving = serve(t, {}, '--config', config);
    assert.equal(await serving.exited, 1);
    assert.match(serving.stderr(), /tls\.yaml: invalid configuration/);
    assert.match(serving.stderr(), /listen\.tls\.cert: cannot read \S+missing\.crt: no such file/);
    assert.match(serving.stderr(), /listen\.tls\.key: cannot read \S+: it is a directory/);
  });

  it('stops with a clear error and exit 1 when the metrics port is taken', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-serve-'));
    const squatter = createNetServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    t.after(async () => {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    });
    const config = join(dir, 'metrics.yaml');
    await writeFile(
      config,
      `stateDir: ${dir}/state\nmetrics: { listen: { port: ${port} } }\n` +
        `sessions: [{ name: s, socket: ${dir}/tmux.sock, target: s }]\n`,
      { mode: 0o600 },
    );
    const serving = serve(t, {}, '--config', config);
    assert.equal(await serving.exited, 1);
    assert.match(
      serving.stderr(),
      new RegExp(
        `metrics\\.listen: cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use`,
      ),
    );
  });

  it('refuses a state directory others can write to, naming it, and exit 1', async (t) => {
    const home = await mkdtemp(join(tmpdir(), 'tg-serve-'));
    const stateDir = join(home, 'state');
    t.after(async () => {
      // Only if it wrongly started: the embedded default's tmux server.
      await run('tmux', ['-S', join(stateDir, 'tmux.sock'), 'kill-server']).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    });
    const { chmod, mkdir } = await import('node:fs/promises');
    await mkdir(stateDir);
    await chmod(stateDir, 0o777);
    const serving = serve(t, { TMUXGATE_STATE_DIR: stateDir, HOME: home });
    await waitFor(
      'an exit or a listening line',
      () => serving.child.exitCode !== null || serving.stdout().includes('listening on'),
    );
    assert.doesNotMatch(serving.stdout(), /listening on/);
    assert.equal(await serving.exited, 1);
    assert.match(serving.stderr(), new RegExp(`tmuxgate: ${stateDir}: unsafe state directory`));
    assert.match(serving.stderr(), new RegExp(`chmod 700 ${stateDir}`));
  });

  it('refuses bad command-line options with usage and exit 2', async (t) => {
    const serving = serve(t, {}, '--port', 'abc');
    assert.equal(await serving.exited, 2);
    assert.match(serving.stderr(), /--port "abc": must be a whole number from 0 to 65535/);
    assert.match(serving.stderr(), /Usage: tmuxgate/);
  });

  for (const { args, message } of [
    {
      args: ['--port', '70000'],
      message: '--port "70000": must be a whole number from 0 to 65535',
    },
    {
      args: ['--host', 'not a host'],
      message: '--host "not a host": must be a host name or an IP address',
    },
    {
      args: ['--host', 'nonsense'],
      message:
        '--host "nonsense": must be a host name or an IP address of this machine ("nonsense" does not resolve)',
    },
  ]) {
    it(`refuses ${args.join(' ')} like the file's listen settings, before starting`, async (t) => {
      const stateDir = join(await mkdtemp(join(tmpdir(), 'tg-serve-')), 'state');
      t.after(() => rm(dirname(stateDir), { recursive: true, force: true, maxRetries: 5 }));
      const serving = serve(t, { TMUXGATE_STATE_DIR: stateDir, HOME: dirname(stateDir) }, ...args);
      assert.equal(await serving.exited, 2);
      assert.ok(serving.stderr().includes(`tmuxgate: ${message}\n`), serving.stderr());
      assert.match(serving.stderr(), /Usage: tmuxgate/);
      assert.doesNotMatch(serving.stdout(), /listening on/);
    });
  }
});
