// The one screen worker of this process, shared by every viewer group's ScreenModel: started with
// the first model, ended with the last, started again if it ends or crashes while models need it
// (each model is then rebuilt: see ScreenModel.onLost). If no worker can start at all, the
// screens are kept on this thread instead, as they were before there was a worker.

import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Emitter, toDisposable, type Disposable, type Event } from '../../shared/lifecycle.js';
import { LocalScreens } from './localScreens.js';
import type { ScreenReply, ScreenRequest } from './screenTable.js';

/** A model as the host sees it: where its snapshots go, and what to do if its worker is lost. */
export interface ScreenClient {
  /** `position`: how many of its writes the snapshot describes. */
  snapshotTaken(request: number, bytes: Buffer, position: number): void;
  /** Its screen was lost with the worker: it is created again, empty, in the next one. */
  workerLost(): void;
}

/**
 * The worker's young generation, in MB (V8 splits it into two semi-spaces and a large-object
 * area): 6 MB gives it the 2 MB semi-spaces the main thread runs with (cli/nodeFlags.ts).
 */
const SCREEN_WORKER_YOUNG_GENERATION_MB = 6;

/**
 * The worker beside this file: screenWorker.js once built; from source (tests, under tsx) a
 * worker does not inherit tsx's loader in node 20, so it registers it before importing the .ts.
 */
function startWorker(): Worker {
  const extension = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./screenWorker${extension}`, import.meta.url);
  const resourceLimits = { maxYoungGenerationSizeMb: SCREEN_WORKER_YOUNG_GENERATION_MB };
  if (extension !== '.ts') return new Worker(entry, { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/**
 * A worker that ends again within this long of its last restart is started again only after
 * RESTART_DELAY_MS: output that crashes the parser, redrawn by tmux, would crash it again at once.
 */
const RESTART_WINDOW_MS = 10_000;
const RESTART_DELAY_MS = 1000;

/** Something operators should know: the worker was lost (and is started again), or none runs. */
export type ScreenWorkerProblem =
  | { kind: 'lost'; error: string | undefined; restartInMs: number }
  | { kind: 'unavailable'; error: string };

export class ScreenHost {
  private static current: ScreenHost | undefined;
  private static startThread: () => Worker = startWorker;
  private static readonly problems = new Emitter<ScreenWorkerProblem>();
  /** Every host's problems, for the gateway's log (the host is process-wide, the log is not). */
  static readonly onProblem: Event<ScreenWorkerProblem> = ScreenHost.problems.event;
  private lastError: string | undefined;
  private readonly clients = new Map<number, ScreenClient>();
  private nextId = 1;
  private worker: Worker | undefined;
  private ready = false;
  /** Where screens are kept when no worker could start. */
  private local: LocalScreens | undefined;
  private restarts = 0;
  private lastRestart = -Infinity;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Snapshots asked for and not yet answered: while there are any, the worker keeps node up. */
  private awaited = 0;

  /** The process's host, started if no model has it. */
  static get(): ScreenHost {
    ScreenHost.current ??= new ScreenHost();
    return ScreenHost.current;
  }

  /** Starts workers with `start` until disposed (tests: a worker that cannot start). */
  static startWorkersWith(start: () => Worker): Disposable {
    const previous = ScreenHost.startThread;
    ScreenHost.startThread = start;
    return toDisposable(() => {
      ScreenHost.startThread = previous;
    });
  }

  /** The running host, if any (tests: to end or crash its worker). */
  static get running(): ScreenHost | undefined {
    return ScreenHost.current;
  }

  /** Times a worker was started again after it ended (tests and logs). */
  get restartCount(): number {
    return this.restarts;
  }

  /** Snapshots asked of the worker and not yet answered (tests). */
  get awaitedCount(): number {
    return this.awaited;
  }

  /** The worker thread, while there is one (tests). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  /** Registers a model; its id names it in requests. The first one starts the worker. */
  add(client: ScreenClient): number {
    const id = this.nextId;
    this.nextId += 1;
    this.clients.set(id, client);
    if (!this.worker && !this.local) this.start();
    return id;
  }

  /** Forgets a model (after its dispose request was posted); the last one ends the worker. */
  remove(id: number): void {
    this.clients.delete(id);
    if (this.clients.size > 0) return;
    if (ScreenHost.current === this) ScreenHost.current = undefined;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.local?.dispose();
    this.local = undefined;
  }

  /** Posts one request; `transfer` is moved to the worker with it. */
  post(request: ScreenRequest, transfer: ArrayBuffer[] = []): void {
    if (this.local) return this.local.handle(request);
    if (!this.worker) return;
    if (request.type === 'snapshot' && this.awaited++ === 0) this.worker.ref();
    this.worker.postMessage(request, transfer);
  }

  private start(): void {
    this.ready = false;
    this.awaited = 0;
    let worker: Worker;
    try {
      worker = ScreenHost.startThread();
    } catch (error) {
      // No thread to be had (resource limits): the screens stay on this one.
      this.local = this.localScreens();
      ScreenHost.problems.fire({ kind: 'unavailable', error: String(error) });
      return;
    }
    this.lastError = undefined;
    this.worker = worker;
    worker.unref();
    worker.on('message', (reply: ScreenReply) => this.received(reply));
    // An error is followed by 'exit', where it is handled.
    worker.on('error', (error) => {
      this.lastError = String(error);
    });
    worker.on('exit', () => this.exited(worker));
  }

  private localScreens(): LocalScreens {
    return new LocalScreens(
      (reply) => this.received(reply),
      (error) => ScreenHost.problems.fire({ kind: 'unavailable', error: String(error) }),
    );
  }

  private received(reply: ScreenReply): void {
    if (reply.type === 'ready') {
      this.ready = true;
      return;
    }
    if (this.worker && --this.awaited === 0) this.worker.unref();
    const { buffer, byteOffset, byteLength } = reply.bytes;
    this.clients
      .get(reply.id)
      ?.snapshotTaken(reply.request, Buffer.from(buffer, byteOffset, byteLength), reply.position);
  }

  private exited(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.clients.size === 0) return;
    if (!this.ready) {
      this.local = this.localScreens();
      this.rebuild();
      const error = this.lastError ?? 'the worker ended before it was ready';
      ScreenHost.problems.fire({ kind: 'unavailable', error });
      return;
    }
    const soon = performance.now() - this.lastRestart < RESTART_WINDOW_MS;
    const restartInMs = soon ? RESTART_DELAY_MS : 0;
    ScreenHost.problems.fire({ kind: 'lost', error: this.lastError, restartInMs });
    // Until then requests go nowhere: models are rebuilt, and snapshots answered, after it.
    // Not unref'd: snapshots may be awaited, and the last model's dispose clears it.
    this.restartTimer = setTimeout(() => this.restart(), restartInMs);
  }

  private restart(): void {
    this.restartTimer = undefined;
    if (this.clients.size === 0) return;
    this.restarts += 1;
    this.lastRestart = performance.now();
    this.start();
    this.rebuild();
  }

  private rebuild(): void {
    for (const client of [...this.clients.values()]) client.workerLost();
  }
}
