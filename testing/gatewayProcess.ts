// The one launcher of a gateway process for tests, e2e and the bench: spawns Node on an entry
// (the test entry or the built `tmuxgate serve`), keeps what it prints, waits for a line, and
// stops it by its pid (SIGTERM, then SIGKILL).

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GATEWAY_NODE_FLAGS } from '../server/cli/nodeFlags.js';

const run = promisify(execFile);

/** The repository, where `bin/tmuxgate.js` runs from. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The test entry: a JSON config on the command line, one JSON line once listening. */
const TEST_ENTRY = fileURLToPath(new URL('gatewayEntry.ts', import.meta.url));
/**
 * The same entry compiled with the server to plain JavaScript (`npm run build:testing`), as the
 * gateway runs in production: without tsx's loader, which costs a process tens of megabytes.
 */
const BUILT_TEST_ENTRY = fileURLToPath(
  new URL('../dist-testing/testing/gatewayEntry.js', import.meta.url),
);

/** A healthy start only spawns Node and tmux; on a loaded 2-core machine it still ends far sooner. */
const START_TIMEOUT_MS = 60_000;

/** After SIGTERM the gateway closes its connections and exits; past this it gets SIGKILL. */
const DEFAULT_STOP_GRACE_MS = 10_000;

/** stderr lines shown when a gateway exits by itself, where a test's failure would not show them. */
const SHOWN_ON_EXIT = 20;

export interface LaunchOptions {
  /** Node's own options before the entry (the bench's --cpu-prof and such). */
  nodeArgs?: readonly string[];
  /** The child's whole environment (default: the runner's). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stopGraceMs?: number;
  /** Keep only the last N stderr lines (the bench's thousand viewers log a lot); default all. */
  keptStderrLines?: number;
  /** Called with each stderr line as it is read. */
  onStderrLine?: (line: string) => void;
}

/** One run of a gateway process. */
export class GatewayProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything it printed on stdout. */
  stdout = '';
  /** Its stderr, line by line (the gateway's JSON log lines). */
  readonly stderrLines: string[] = [];
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  private stopping = false;

  constructor(
    args: readonly string[],
    private readonly options: LaunchOptions = {},
  ) {
    // As production starts it (bin/tmuxgate.js's shebang), then what the caller adds.
    const argv = [...GATEWAY_NODE_FLAGS, ...(options.nodeArgs ?? []), ...args];
    this.child = spawn(process.execPath, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    this.pid = this.child.pid ?? 0;
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderrLines.push(line);
      options.onStderrLine?.(line);
      const kept = options.keptStderrLines;
      if (kept !== undefined && this.stderrLines.length > kept) this.stderrLines.shift();
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    void this.exited.then((code) => {
      if (this.stopping) return;
      const last = this.stderrLines.slice(-SHOWN_ON_EXIT).join('\n');
      process.stderr.write(`gateway exited by itself with ${String(code)}:\n${last}\n`);
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first match of `pattern` in stdout (its group 1, or the whole match). */
  waitForLine(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = this.child;
      const check = (): boolean => {
        const match = pattern.exec(this.stdout);
        if (match === null) return false;
        done();
        resolve(match[1] ?? match[0]);
        return true;
      };
      const onData = (): void => void check();
      const onExit = (code: number | null, signal: string | null): void => {
        done();
        reject(
          new Error(
            `gateway exited (code ${String(code)}, signal ${String(signal)}) before printing ` +
              `${String(pattern)}\nstdout:\n${this.stdout}\nstderr:\n${this.stderrLines.join('\n')}`,
          ),
        );
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`gateway did not print ${String(pattern)} within ${START_TIMEOUT_MS} ms`));
      }, START_TIMEOUT_MS);
      const done = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
      if (!check() && !this.running) onExit(child.exitCode, child.signalCode);
    });
  }

  /** Sends `signal` to the process by its pid. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL after the grace; resolves with the exit code. */
  async stop(): Promise<number | null> {
    this.stopping = true;
    if (this.running) {
      this.child.kill('SIGTERM');
      const grace = this.options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
      const timer = setTimeout(() => this.child.kill('SIGKILL'), grace);
      await this.exited;
      clearTimeout(timer);
    }
    return this.child.exitCode;
  }

  /** Resident set size, in bytes. */
  async rss(): Promise<number> {
    const status = await readFile(`/proc/${this.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return Number(kb) * 1024;
  }

  /** Open file descriptors. */
  async openFds(): Promise<number> {
    return (await readdir(`/proc/${this.pid}/fd`)).length;
  }

  /** Live child processes (its tmux attach clients). */
  async children(): Promise<number> {
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(this.pid)]).catch(() => ({
      stdout: '',
    }));
    return stdout.split('\n').filter((line) => line.trim() !== '').length;
  }
}

/** The line the test entry prints once listening. */
const TEST_ENTRY_READY = /^(\{.*\})$/m;

export interface TestEntryRun {
  process: GatewayProcess;
  url: string;
  /** A one-time login link of the admin "owner". */
  loginUrl: string;
}

/**
 * Starts the test entry with `config` (a GatewayConfig, as JSON) and waits until it listens; a
 * start that fails stops what it started.
 */
export async function launchTestEntry(
  config: unknown,
  options: LaunchOptions & { built?: boolean } = {},
): Promise<TestEntryRun> {
  const entry = options.built ? [BUILT_TEST_ENTRY] : ['--import', 'tsx', TEST_ENTRY];
  const gateway = new GatewayProcess([...entry, JSON.stringify(config)], options);
  try {
    const line = await gateway.waitForLine(TEST_ENTRY_READY);
    const { url, loginUrl } = JSON.parse(line) as { url: string; loginUrl: string };
    return { process: gateway, url, loginUrl };
  } catch (error) {
    await gateway.stop();
    throw error;
  }
}

/** Starts the built `tmuxgate serve ARGS…` from the repository (`npm run build` first). */
export function launchServe(args: readonly string[], options: LaunchOptions = {}): GatewayProcess {
  return new GatewayProcess(['bin/tmuxgate.js', 'serve', ...args], { cwd: REPO_ROOT, ...options });
}
