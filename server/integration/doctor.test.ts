// `tmuxgate doctor` on real sockets: unsafe permissions warn (exit 1), a missing socket is an
// error (exit 2), a clean setup passes (exit 0).

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startTmux } from './tmuxFixture.js';

const run = promisify(execFile);
const cliEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.ts');

async function doctor(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      cliEntry,
      'doctor',
      ...args,
    ]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

async function fixture(t: TestContext, sessions = ['work']) {
  const tmux = await startTmux(sessions);
  t.after(() => tmux.cleanup());
  const config = async (yaml: string) => {
    const path = join(tmux.dir, 'tmuxgate.yaml');
    await writeFile(path, yaml);
    return path;
  };
  const session = (name: string, socket = tmux.socket, extra = '') =>
    `  - { name: ${name}, socket: ${socket}, target: ${name}${extra} }\n`;
  return { tmux, config, session, stateDir: join(tmux.dir, 'state') };
}

describe('tmuxgate doctor', () => {
  it('passes a clean setup with exit 0', async (t) => {
    const { config, session, stateDir } = await fixture(t);
    const path = await config(`stateDir: ${stateDir}\nsessions:\n${session('work')}`);
    const result = await doctor('--config', path);
    assert.equal(result.code, 0, result.stdout);
    assert.match(result.stdout, /tmux 3\.\d/);
    assert.match(result.stdout, /tmux session "work" is running/);
    assert.match(result.stdout, /owner root, group root, mode 06[0-7]0/);
    assert.match(result.stdout, /all good/);
  });

  it('warns about a world-writable socket and directory, with exit 1', async (t) => {
    const { tmux, config, session, stateDir } = await fixture(t);
    await chmod(tmux.socket, 0o777);
    await chmod(tmux.dir, 0o777);
    const path = await config(`stateDir: ${stateDir}\nsessions:\n${session('work')}`);
    const result = await doctor('--config', path);
    assert.equal(result.code, 1, result.stdout);
    assert.match(
      result.stdout,
      /WARNING\s+socket \S+: tmux socket \S+ is world-writable \(mode 777\)/,
    );
    assert.match(
      result.stdout,
      /WARNING\s+socket \S+: directory of the tmux socket \S+ is world-writable/,
    );
  });

  it('warns about a configuration file that others can write, with exit 1', async (t) => {
    const { config, session, stateDir } = await fixture(t);
    const path = await config(`stateDir: ${stateDir}\nsessions:\n${session('work')}`);
    await chmod(path, 0o666);
    const result = await doctor('--config', path);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stdout, /WARNING\s+config \S+: mode 666: any local user can change it/);
  });

  it('reports a missing socket and a missing session as errors, with exit 2', async (t) => {
    const { tmux, config, session, stateDir } = await fixture(t);
    const missing = join(tmux.dir, 'nothing.sock');
    const path = await config(
      `stateDir: ${stateDir}\nsessions:\n${session('gone', missing)}${session('absent')}`,
    );
    const result = await doctor('--config', path);
    assert.equal(result.code, 2, result.stdout);
    assert.match(result.stdout, /ERROR\s+socket \S+nothing\.sock: does not exist/);
    assert.match(result.stdout, /ERROR\s+session absent: tmux session "absent" does not exist/);
  });

  it('warns about sessions sharing a socket with different writers', async (t) => {
    const { config, session, stateDir } = await fixture(t, ['a', 'b']);
    const users =
      'users:\n  - { name: alice, passwordHash: "scrypt$N=32768,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=" }\n  - { name: bob, passwordHash: "scrypt$N=32768,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=" }\n';
    const path = await config(
      `stateDir: ${stateDir}\n${users}sessions:\n${session('a', undefined, ', access: { alice: writer }')}${session('b', undefined, ', access: { bob: writer }')}`,
    );
    const result = await doctor('--config', path, '--json');
    const report = JSON.parse(result.stdout) as {
      exitCode: number;
      findings: Array<{ level: string; subject: string; message: string }>;
    };
    assert.equal(report.exitCode, 1, result.stdout);
    assert.equal(result.code, 1);
    assert.ok(
      report.findings.some((f) => f.level === 'warning' && /share the tmux socket/.test(f.message)),
    );
  });

  it('lists config problems as errors, with exit 2', async (t) => {
    const { config } = await fixture(t);
    const path = await config('listen: { port: 99999 }\ncolour: blue\nsessions: []\n');
    const result = await doctor('--config', path);
    assert.equal(result.code, 2);
    assert.match(
      result.stdout,
      /ERROR\s+config: listen\.port: must be a whole number from 0 to 65535/,
    );
    assert.match(result.stdout, /ERROR\s+config: colour: unknown key/);
  });
});
