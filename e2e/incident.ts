// A gateway run from a YAML config: one session "incident" on a private tmux server, a writer and a viewer.

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../testing/gatewayProcess.js';
import { startTmux, type TmuxFixture } from '../testing/tmuxFixture.js';
import { Gateway, makeTempDir, removeTempDir } from './gateway.js';

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

/** Starts the private tmux server in `dir` (at `dir/tmux.sock`) with the session TARGET. */
function startIncidentTmux(dir: string): Promise<TmuxFixture> {
  return startTmux({
    dir,
    cwd: dir,
    sessions: [TARGET],
    size: INITIAL_SIZE,
    // No status line: the window is then exactly as large as the tmux client that sizes it.
    status: 'off',
  });
}

/**
 * A gateway (not started yet) run from the YAML that `configYaml(dir, socket)` writes, in a fresh
 * temp directory holding the tmux server (session TARGET), the config and the state (`dir/state`);
 * its dispose() ends the tmux server and removes everything. `prepare` writes what else it needs.
 */
export async function createConfigGateway(
  configYaml: (dir: string, socket: string) => string,
  prepare: (dir: string) => Promise<void> = () => Promise.resolve(),
): Promise<Gateway> {
  const dir = await makeTempDir();
  const socket = join(dir, 'tmux.sock');
  let tmux: TmuxFixture | undefined;
  try {
    await prepare(dir);
    await mkdir(join(dir, 'state'), { mode: 0o700 });
    const configFile = join(dir, 'tmuxgate.yaml');
    await writeFile(configFile, configYaml(dir, socket), { mode: 0o600 });
    tmux = await startIncidentTmux(dir);
    return await Gateway.withConfig(dir, configFile);
  } catch (error) {
    await tmux?.cleanup();
    await removeTempDir(dir);
    throw error;
  }
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

/** A gateway (not started yet) for the config above (see createConfigGateway). */
export async function createIncidentGateway(): Promise<Gateway> {
  const hashes = await Promise.all([hashPassword(WRITER.password), hashPassword(VIEWER.password)]);
  return createConfigGateway((dir, socket) => configYaml(dir, socket, hashes));
}
