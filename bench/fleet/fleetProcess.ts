// One viewer fleet process as the bench sees it: forks fleetChild.ts and turns its replies into
// promises, one per command; a failed command or the process's exit rejects what waits on it.

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FleetCommand, FleetReply, FleetTarget } from './protocol.js';

const CHILD_ENTRY = fileURLToPath(new URL('./fleetChild.ts', import.meta.url));
/** The child is TypeScript, run by tsx as the bench itself is. */
const CHILD_EXEC_ARGV = ['--import', 'tsx'];
/** tsx compiles the drivers' modules on start: a second or two, far more on a loaded machine. */
const START_TIMEOUT_MS = 60_000;
/** After `close` a child exits at once; past this it gets SIGKILL. */
const CLOSE_GRACE_MS = 5_000;

type ReplyType = FleetReply['type'];
type ReplyOf<T extends ReplyType> = Extract<FleetReply, { type: T }>;
/** A command, without the id the process gives it. */
export type FleetRequest = FleetCommand extends infer C
  ? C extends FleetCommand
    ? Omit<C, 'id'>
    : never
  : never;

interface Waiter {
  resolve(reply: FleetReply): void;
  reject(error: Error): void;
}

export class FleetProcess {
  readonly pid: number;
  private readonly child: ChildProcess;
  /** Replies awaited, keyed by `<command id>:<reply type>`. */
  private readonly waiters = new Map<string, Waiter>();
  private nextId = 1;
  private exitError: Error | undefined;
  private readonly exited: Promise<void>;

  private constructor(target: FleetTarget) {
    this.child = fork(CHILD_ENTRY, [JSON.stringify(target)], {
      execArgv: CHILD_EXEC_ARGV,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.pid = this.child.pid ?? 0;
    this.child.on('message', (reply: FleetReply) => this.dispatch(reply));
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitError = new Error(`a viewer fleet process exited (${String(code ?? signal)})`);
        for (const waiter of this.waiters.values()) waiter.reject(this.exitError);
        this.waiters.clear();
        resolve();
      });
    });
  }

  /** Forks one fleet process and resolves once it is ready for commands. */
  static async start(target: FleetTarget): Promise<FleetProcess> {
    const started = new FleetProcess(target);
    const timer = setTimeout(() => started.child.kill('SIGKILL'), START_TIMEOUT_MS);
    try {
      await started.expect(0, 'ready');
      return started;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `request` and resolves with its reply of type `type`. */
  request<T extends ReplyType>(request: FleetRequest, type: T): Promise<ReplyOf<T>> {
    const id = this.nextId++;
    const reply = this.expect(id, type);
    this.child.send({ ...request, id });
    return reply;
  }

  /** Sends a watch; resolves once it is armed, with the promise of its `seen` time. */
  async watch(text: string, timeoutMs: number): Promise<{ seen: Promise<number> }> {
    const id = this.nextId++;
    const armed = this.expect(id, 'armed');
    const seen = this.expect(id, 'seen').then((reply) => reply.at);
    // Awaited by the caller later; a failure must not count as unhandled in the meantime.
    seen.catch(() => undefined);
    this.child.send({ type: 'watch', id, text, timeoutMs } satisfies FleetCommand);
    await armed;
    return { seen };
  }

  /** Closes its viewers and waits for it to exit (SIGKILL after CLOSE_GRACE_MS). */
  async close(): Promise<void> {
    if (this.exitError === undefined && this.child.connected) {
      await this.request({ type: 'close' }, 'done').catch(() => undefined);
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), CLOSE_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private expect<T extends ReplyType>(id: number, type: T): Promise<ReplyOf<T>> {
    if (this.exitError !== undefined) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      this.waiters.set(`${id}:${type}`, {
        resolve: (reply) => resolve(reply as ReplyOf<T>),
        reject,
      });
    });
  }

  private dispatch(reply: FleetReply): void {
    const id = reply.type === 'ready' ? 0 : reply.id;
    if (reply.type === 'failed') {
      for (const [key, waiter] of this.waiters) {
        if (!key.startsWith(`${id}:`)) continue;
        this.waiters.delete(key);
        waiter.reject(new Error(`viewer fleet process ${this.pid}: ${reply.error}`));
      }
      return;
    }
    const key = `${id}:${reply.type}`;
    const waiter = this.waiters.get(key);
    this.waiters.delete(key);
    waiter?.resolve(reply);
  }
}
