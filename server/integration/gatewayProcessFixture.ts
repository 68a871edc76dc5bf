// Starts gatewayProcess.ts as a child process and signs in, for tests that measure the gateway alone.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SessionConfig } from '../config.js';

const entry = join(dirname(fileURLToPath(import.meta.url)), 'gatewayProcess.ts');

export interface GatewayProcess {
  url: string;
  cookie: string;
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  /** Resident set size of the gateway process, in bytes. */
  rss(): Promise<number>;
  stop(): Promise<void>;
}

export async function spawnGateway(sessions: SessionConfig[]): Promise<GatewayProcess> {
  const stateDir = await mkdtemp(join(tmpdir(), 'tg-state-'));
  const config = { listen: { host: '127.0.0.1', port: 0 }, users: [], stateDir, sessions };
  const child = spawn(process.execPath, ['--import', 'tsx', entry, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ raw: line });
    }
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) =>
      reject(new Error(`gateway exited with ${code}: ${JSON.stringify(logs)}`)),
    );
  });
  const { url, loginUrl } = JSON.parse(first) as { url: string; loginUrl: string };
  const response = await fetch(loginUrl, { redirect: 'manual' });
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    url,
    cookie,
    child,
    logs,
    rss: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
      return Number(kb) * 1024;
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
