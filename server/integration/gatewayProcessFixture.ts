// Starts gatewayProcess.ts as a child process and signs in, for tests that measure the gateway
// alone (memory, file descriptors, children) or stop and restart it.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { GatewayConfig, SessionConfig } from '../config/gatewayConfig.js';
import { testRequest } from './httpsClient.js';

const run = promisify(execFile);
const entry = join(dirname(fileURLToPath(import.meta.url)), 'gatewayProcess.ts');

export interface GatewayProcess {
  url: string;
  port: number;
  stateDir: string;
  cookie: string;
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  /** Resident set size of the gateway process, in bytes. */
  rss(): Promise<number>;
  /** Open file descriptors of the gateway process. */
  openFds(): Promise<number>;
  /** Live child processes of the gateway (its tmux attach clients). */
  children(): Promise<number>;
  /** SIGTERM and wait for the exit code; the state directory is kept. */
  terminate(): Promise<number | null>;
  /** Stops it if running and removes the state directory it made. */
  stop(): Promise<void>;
}

export async function spawnGateway(
  sessions: SessionConfig[],
  options: {
    stateDir?: string;
    port?: number;
    env?: Record<string, string>;
    /** Serve https with these files; `ca` is what the fixture trusts to sign in. */
    tls?: { cert: string; key: string; ca: Buffer };
    /** Metrics settings, as in the configuration file. */
    metrics?: GatewayConfig['metrics'];
  } = {},
): Promise<GatewayProcess> {
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'tg-state-')));
  const config = {
    listen: {
      host: '127.0.0.1',
      port: options.port ?? 0,
      ...(options.tls ? { tls: { cert: options.tls.cert, key: options.tls.key } } : {}),
    },
    users: [],
    stateDir,
    sessions,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Sessions it creates run $SHELL: one that reads no rc files.
    env: { ...process.env, SHELL: '/bin/sh', ...options.env },
  });
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ raw: line });
    }
  });
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  // A gateway that dies by itself says why, where a test's failure would not show its logs.
  void exited.then((code) => {
    if (stopping) return;
    const last = logs.slice(-20).map((line) => JSON.stringify(line));
    process.stderr.write(`gateway exited by itself with ${code}:\n${last.join('\n')}\n`);
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then((code) =>
      reject(new Error(`gateway exited with ${code}: ${JSON.stringify(logs)}`)),
    );
  });
  const { url, loginUrl } = JSON.parse(first) as { url: string; loginUrl: string };
  const response = await testRequest(loginUrl, options.tls ? { ca: options.tls.ca } : {});
  const cookie = (response.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
  const terminate = async () => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    return child.exitCode;
  };
  return {
    url,
    port: Number(new URL(url).port),
    stateDir,
    cookie,
    child,
    logs,
    rss: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return Number(kb) * 1024;
    },
    openFds: async () => (await readdir(`/proc/${child.pid}/fd`)).length,
    children: async () => {
      const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(child.pid)]).catch(() => ({
        stdout: '',
      }));
      return stdout.split('\n').filter((line) => line.trim() !== '').length;
    },
    terminate,
    stop: async () => {
      await terminate();
      if (!options.stateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
}
