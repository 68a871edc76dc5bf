import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log.js';
import { ensureStateDir, stateDirProblems } from './stateDir.js';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-statedir-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function listen(t: TestContext, path: string, mode: number): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  await chmod(path, mode);
}

describe('state directory', () => {
  it('is created 0700 on first start', async (t) => {
    const dir = join(await tempDir(t), 'a', 'state');
    await ensureStateDir(
      dir,
      createLogger('error', () => undefined),
    );
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
  });

  it('takes away read bits with a warning, and keeps the group search a pair group needs', async (t) => {
    const dir = await tempDir(t);
    await chmod(dir, 0o755);
    const lines: string[] = [];
    await ensureStateDir(
      dir,
      createLogger('warn', (line) => lines.push(line)),
    );
    assert.equal((await stat(dir)).mode & 0o777, 0o710);
    assert.match(lines.join(''), /state_dir_permissions_tightened/);
  });

  it('allows group-writable sockets only under pair/, and world-writable ones nowhere', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'pair'), { mode: 0o710 });
    await listen(t, join(dir, 'pair', 'group.sock'), 0o660);
    await listen(t, join(dir, 'pair', 'world.sock'), 0o666);
    await listen(t, join(dir, 'tmux.sock'), 0o660);
    assert.deepEqual(await stateDirProblems(dir), [
      `${join(dir, 'pair', 'world.sock')}: world-writable (mode 666); run chmod o-w ${join(dir, 'pair', 'world.sock')}`,
      `${join(dir, 'tmux.sock')}: group- or world-writable (mode 660); run chmod go-w ${join(dir, 'tmux.sock')}`,
    ]);
  });

  it('walks recordings two levels deep, and other subdirectories not at all', async (t) => {
    const dir = await tempDir(t);
    await mkdir(join(dir, 'recordings', 'main'), { recursive: true, mode: 0o700 });
    await symlink('/etc/passwd', join(dir, 'recordings', 'main', 'a.cast'));
    await mkdir(join(dir, 'backup'), { mode: 0o700 });
    await writeFile(join(dir, 'backup', 'loose'), '', { mode: 0o666 });
    await chmod(join(dir, 'backup', 'loose'), 0o666);
    const problems = await stateDirProblems(dir);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /recordings\/main\/a\.cast: is a symbolic link/);
  });

  it('refuses a dangling link in place of the directory, naming it', async (t) => {
    const parent = await tempDir(t);
    const link = join(parent, 'state');
    await symlink(join(parent, 'gone'), link);
    await assert.rejects(
      ensureStateDir(
        link,
        createLogger('error', () => undefined),
      ),
      new RegExp(`${link}: unsafe state directory[^]*${link}: is a symbolic link`),
    );
  });
});
