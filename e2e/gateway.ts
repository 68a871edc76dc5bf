// Runs the real `tmuxgate serve` (built by `npm run build`) in a private state directory, for e2e tests.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `tmuxgate serve` prints these two lines on stdout once it accepts connections. */
const LISTENING_LINE = /^tmuxgate listening on (http:\/\/\S+?)\/?$/m;
const LOGIN_LINE = /^Open this one-time login link[^:]*: (http:\/\/\S+\/login\?token=\S+)$/m;

/** How long a start may take (building nothing: it only spawns Node and tmux). */
const START_TIMEOUT_MS = 30_000;

/** After SIGTERM the gateway closes its connections and exits; past this it gets SIGKILL. */
const STOP_GRACE_MS = 5_000;

/** Environment variables of the test runner that must not leak into the gateway's tmux. */
const UNSAFE_ENV = ['TMUX', 'TMUX_PANE'];

/** One gateway process at a time, restartable on the same port, with its own state directory. */
export class Gateway {
  private child: ChildProcess | undefined;
  private stdout = '';
  private stderr = '';
  private currentPort = 0;

  private constructor(readonly stateDir: string) {}

  /** Makes a fresh state directory; call start() next. */
  static async create(): Promise<Gateway> {
    return new Gateway(await mkdtemp(join(tmpdir(), 'tmuxgate-e2e-')));
  }

  /** The socket of the embedded default tmux server. */
  get tmuxSocket(): string {
    return join(this.stateDir, 'tmux.sock');
  }

  get port(): number {
    return this.currentPort;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${String(this.currentPort)}`;
  }

  /** Everything the gateway wrote to stderr (its JSON log lines), across restarts. */
  get logs(): string {
    return this.stderr;
  }

  /** Starts `tmuxgate serve --port PORT` (0: a free one) and waits until it listens. */
  async start(port = 0): Promise<void> {
    if (this.child !== undefined) throw new Error('gateway already running');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TMUXGATE_STATE_DIR: this.stateDir,
      SHELL: '/bin/bash',
    };
    for (const name of UNSAFE_ENV) delete env[name];
    this.stdout = '';
    const child = spawn(process.execPath, ['bin/tmuxgate.js', 'serve', '--port', String(port)], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    const url = await this.waitForLine(child, LISTENING_LINE);
    this.currentPort = Number(new URL(url).port);
  }

  /** The one-time login URL the current run printed. */
  async loginUrl(): Promise<string> {
    if (this.child === undefined) throw new Error('gateway not running');
    return this.waitForLine(this.child, LOGIN_LINE);
  }

  /** SIGTERM, then SIGKILL if it has not exited after STOP_GRACE_MS. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }

  /** Stops the gateway and starts it again on the same port (the tmux server stays up). */
  async restart(): Promise<void> {
    const port = this.currentPort;
    await this.stop();
    await this.start(port);
  }

  /** Runs `tmux -S <socket> ARGS…` against the gateway's tmux server. */
  tmux(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync('tmux', ['-S', this.tmuxSocket, ...args], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** Stops the gateway, ends its tmux server and removes the state directory. */
  async dispose(): Promise<void> {
    await this.stop();
    this.tmux('kill-server');
    await rm(this.stateDir, { recursive: true, force: true });
  }

  private waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(this.stdout);
        if (match?.[1] === undefined) return false;
        done();
        resolve(match[1]);
        return true;
      };
      const onExit = (code: number | null, signal: string | null): void => {
        done();
        reject(
          new Error(
            `gateway exited (code ${String(code)}, signal ${String(signal)}) before printing ` +
              `${String(pattern)}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
          ),
        );
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`gateway did not print ${String(pattern)} within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      const onData = (): void => void check();
      const done = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      check();
    });
  }
}
