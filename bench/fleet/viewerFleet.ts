// The fan-out workload's viewers, in a few processes of their own (fleetProcess.ts) rather than
// in the bench's: so that thousands of viewers measure the gateway, not the bench reading them.

import { FleetProcess } from './fleetProcess.js';
import type { FleetTarget } from './protocol.js';

/**
 * Viewers per fleet process: one Node process read 500 viewers' sockets as fast as raw tmux
 * clients were read (the in-process 500-viewer run: keystroke-to-all 1.09× raw), and lagged
 * at 1,000 and 2,000.
 */
const VIEWERS_PER_PROCESS = 500;
/**
 * Beyond this many processes the fleet only adds context switches and memory (~100 MB each under
 * tsx) on a 2-core machine: 5,000 viewers go to 4 processes of 1,250.
 */
const MAX_PROCESSES = 4;
/**
 * Attaches in flight over the whole fleet (viewers.ts's figure): each spawns a tmux client or is
 * a gateway join; more at once only queues on the CPU.
 */
const ATTACH_CONCURRENCY = 10;

/** How many viewers each fleet process gets: as even as possible, at most MAX_PROCESSES. */
export function fleetPlan(viewers: number): number[] {
  const processes = Math.min(MAX_PROCESSES, Math.max(1, Math.ceil(viewers / VIEWERS_PER_PROCESS)));
  return Array.from(
    { length: processes },
    (_, i) => Math.floor(viewers / processes) + (i < viewers % processes ? 1 : 0),
  );
}

export interface ViewerFleet {
  /** PIDs of the fleet's own Node processes: the harness's CPU, reported apart. */
  readonly processPids: number[];
  /** PIDs of the tmux clients the fleet spawned (raw viewers; none for the web drivers). */
  readonly clientPids: number[];
  /** Bytes each viewer received so far, every process's viewers in turn. */
  bytes(): Promise<number[]>;
  /**
   * Watches every viewer for `text`; resolves once every process watches, with the wall-clock
   * time (protocol.ts's wallClockMs) at which the last viewer saw it.
   */
  readonly watch: (text: string, timeoutMs: number) => Promise<{ seen: Promise<number> }>;
  /** Stops reading every viewer's output. */
  freeze(): Promise<void>;
  /** Closes every viewer and ends the processes. */
  close(): Promise<void>;
}

/**
 * Starts one process per entry of `plan` (fleetPlan's, or a test's) and attaches that many
 * viewers of `target` in each; resolves once every viewer shows a screen.
 */
export async function startViewerFleet(target: FleetTarget, plan: number[]): Promise<ViewerFleet> {
  const started = await Promise.allSettled(plan.map(() => FleetProcess.start(target)));
  const processes = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const close = async () => {
    await Promise.all(processes.map((member) => member.close()));
  };
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const concurrency = Math.max(1, Math.floor(ATTACH_CONCURRENCY / plan.length));
    const attached = await Promise.all(
      processes.map((member, i) =>
        member.request({ type: 'attach', count: plan[i]!, concurrency }, 'attached'),
      ),
    );
    return {
      processPids: processes.map((member) => member.pid),
      clientPids: attached.flatMap((reply) => reply.clientPids),
      bytes: async () =>
        (
          await Promise.all(processes.map((member) => member.request({ type: 'bytes' }, 'bytes')))
        ).flatMap((reply) => reply.bytes),
      watch: async (text, timeoutMs) => {
        const watches = await Promise.all(processes.map((member) => member.watch(text, timeoutMs)));
        const seen = Promise.all(watches.map((watch) => watch.seen)).then((times) =>
          Math.max(...times),
        );
        seen.catch(() => undefined);
        return { seen };
      },
      freeze: async () => {
        await Promise.all(processes.map((member) => member.request({ type: 'freeze' }, 'done')));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
