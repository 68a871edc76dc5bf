// A gateway run from a YAML config: one session "incident" on a private tmux server, a writer and a viewer.

import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Gateway, makeTempDir, removeTempDir } from './gateway.js';

const run = promisify(execFile);

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The session's name in URLs, and the tmux session it points to. */
export const SESSION = 'incident';
export const TARGET = 'work';

/** The tmux window's size until a writer's browser attaches and resizes it. */
const INITIAL_SIZE = { cols: 120, rows: 40 };

export interface TestUser {
  name: string;
  password: string;
  role: 'writer' | 'viewer';
}

export const WRITER: TestUser = { name: 'wendy', password: 'wendy-fixes-things', role: 'writer' };
export const VIEWER: TestUser = { name: 'victor', password: 'victor-watches', role: 'viewer' };

/**
 * The tmux server's whole environment, so its shells neither read the runner's rc files nor write
 * history anywhere (HISTFILE empty), and nothing of the runner (TMUX, secrets) leaks into them.
 */
function tmuxEnvironment(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
    HISTFILE: '',
  };
}

/** Starts the private tmux server at `socket` with the session TARGET running a plain bash. */
export async function startTmux(dir: string, socket: string): Promise<void> {
  const tmux = (...args: string[]) =>
    run('tmux', ['-S', socket, '-f', '/dev/null', ...args], {
      cwd: dir,
      env: tmuxEnvironment(dir),
    });
  await tmux(
    'new-session',
    '-d',
    '-s',
    TARGET,
    '-x',
    String(INITIAL_SIZE.cols),
    '-y',
    String(INITIAL_SIZE.rows),
    'bash --norc --noprofile',
  );
  // No status line: the window is then exactly as large as the tmux client that sizes it.
  await tmux('set-option', '-g', 'status', 'off');
}

/** `tmuxgate hash-password` with the password on stdin: the hash a config file holds. */
function hashPassword(password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tmuxgate.js', 'hash-password'], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const hash = stdout.trim();
      if (code === 0 && hash !== '') resolve(hash);
      else reject(new Error(`hash-password exited with ${String(code)}: ${stderr}`));
    });
    child.stdin.end(password);
  });
}

/** The YAML config; every string is written as JSON, which YAML reads as a quoted scalar. */
function configYaml(dir: string, socket: string, hashes: readonly string[]): string {
  const q = (value: string) => JSON.stringify(value);
  const users = [WRITER, VIEWER];
  return [
    'listen: { host: 127.0.0.1, port: 0 }',
    `stateDir: ${q(join(dir, 'state'))}`,
    'users:',
    ...users.map((user, i) => `  - { name: ${user.name}, passwordHash: ${q(hashes[i] ?? '')} }`),
    'sessions:',
    `  - name: ${SESSION}`,
    `    socket: ${q(socket)}`,
    `    target: ${TARGET}`,
    `    access: { ${users.map((user) => `${user.name}: ${user.role}`).join(', ')} }`,
    '',
  ].join('\n');
}

/**
 * A gateway (not started yet) for the config above, in a fresh temp directory holding the tmux
 * server, the config and the state; its dispose() ends the tmux server and removes everything.
 */
export async function createIncidentGateway(): Promise<Gateway> {
  const dir = await makeTempDir();
  const socket = join(dir, 'tmux.sock');
  try {
    const hashes = await Promise.all([
      hashPassword(WRITER.password),
      hashPassword(VIEWER.password),
    ]);
    await mkdir(join(dir, 'state'), { mode: 0o700 });
    const configFile = join(dir, 'tmuxgate.yaml');
    await writeFile(configFile, configYaml(dir, socket, hashes), { mode: 0o600 });
    await startTmux(dir, socket);
    return await Gateway.withConfig(dir, configFile);
  } catch (error) {
    await run('tmux', ['-S', socket, 'kill-server']).catch(() => undefined);
    await removeTempDir(dir);
    throw error;
  }
}
