// Runs the real `tmuxgate serve` (built by `npm run build`) in a private temp directory, for e2e tests.

import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchServe, type GatewayProcess } from '../testing/gatewayProcess.js';

/** `tmuxgate serve` prints these two lines on stdout once it accepts connections. */
const LISTENING_LINE = /^tmuxgate listening on (http:\/\/\S+?)\/?$/m;
const LOGIN_LINE = /^Open this one-time login link[^:]*: (http:\/\/\S+\/login\?token=\S+)$/m;

/** After SIGTERM the gateway closes its connections and exits; past this it gets SIGKILL. */
const STOP_GRACE_MS = 5_000;

/** Environment variables of the test runner that must not leak into the gateway's tmux. */
const UNSAFE_ENV = ['TMUX', 'TMUX_PANE'];

/** dispose() retries removing the directory: a shell killed with its tmux server may still be writing. */
const RM_RETRIES = 5;

/** Makes a fresh private (0700) directory under the system's temp dir. */
export function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tmuxgate-e2e-'));
}

export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: RM_RETRIES });
}

/**
 * One gateway process at a time, restartable on the same port, owning one temp directory `dir`:
 * the tmux socket `dir/tmux.sock`, the gateway's HOME `dir/home` (so the shells it starts never
 * touch the real home), and its state (the embedded default uses `dir` itself as state dir).
 */
export class Gateway {
  private child: GatewayProcess | undefined;
  /** stderr of the runs before the current one. */
  private earlierStderr = '';
  private currentPort = 0;

  private constructor(
    readonly dir: string,
    /** `serve --config FILE`; undefined for the embedded default. */
    private readonly configFile: string | undefined,
  ) {}

  /** The embedded default (no config file) in a fresh directory; call start() next. */
  static async create(): Promise<Gateway> {
    const gateway = new Gateway(await makeTempDir(), undefined);
    await mkdir(gateway.home);
    return gateway;
  }

  /**
   * `serve --config configFile`, taking ownership of `dir` (made by makeTempDir(), with the tmux
   * server of the config at `dir/tmux.sock`): dispose() ends that tmux server and removes `dir`.
   */
  static async withConfig(dir: string, configFile: string): Promise<Gateway> {
    const gateway = new Gateway(dir, configFile);
    await mkdir(gateway.home, { recursive: true });
    return gateway;
  }

  /** The socket of the tmux server: the embedded default's, or the one a config points to. */
  get tmuxSocket(): string {
    return join(this.dir, 'tmux.sock');
  }

  /** The gateway's HOME, and so the HOME of the shells of sessions it creates. */
  get home(): string {
    return join(this.dir, 'home');
  }

  get port(): number {
    return this.currentPort;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${String(this.currentPort)}`;
  }

  /** Everything the gateway wrote to stderr (its JSON log lines), across restarts. */
  get logs(): string {
    const current = this.child?.stderrLines.map((line) => `${line}\n`).join('') ?? '';
    return this.earlierStderr + current;
  }

  /** Starts `tmuxgate serve [--config FILE] --port PORT` (0: a free one) and waits until it listens. */
  async start(port = 0): Promise<void> {
    if (this.child?.running === true) throw new Error('gateway already running');
    await this.stop();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TMUXGATE_STATE_DIR: this.dir,
      HOME: this.home,
      SHELL: '/bin/bash',
    };
    for (const name of UNSAFE_ENV) delete env[name];
    const config = this.configFile === undefined ? [] : ['--config', this.configFile];
    const child = launchServe([...config, '--port', String(port)], {
      env,
      stopGraceMs: STOP_GRACE_MS,
    });
    this.child = child;
    const url = await child.waitForLine(LISTENING_LINE).catch(async (error: unknown) => {
      await this.stop();
      throw error;
    });
    this.currentPort = Number(new URL(url).port);
  }

  /** The one-time login URL the current run printed (the embedded default prints one). */
  async loginUrl(): Promise<string> {
    if (this.child?.running !== true) throw new Error('gateway not running');
    return this.child.waitForLine(LOGIN_LINE);
  }

  /** SIGTERM, then SIGKILL if it has not exited after STOP_GRACE_MS. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    await child.stop();
    this.earlierStderr = this.logs;
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

  /** Stops the gateway, ends its tmux server and removes its directory. */
  async dispose(): Promise<void> {
    await this.stop();
    this.tmux('kill-server');
    await removeTempDir(this.dir);
  }
}
