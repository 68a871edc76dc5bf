// One viewer fleet process: attaches viewers of one driver kind (argv[2], a JSON FleetTarget) and
// answers the bench's commands over the IPC channel (protocol.ts). Exits when the bench is gone.

import type { BenchClient } from '../driver.js';
import { connect } from '../gatewayDriver.js';
import { attachRaw } from '../rawDriver.js';
import { connectRelay } from '../relayDriver.js';
import { arrivalOf } from '../text.js';
import { waitUntil } from '../wait.js';
import { wallClockMs, type FleetCommand, type FleetReply, type FleetTarget } from './protocol.js';

interface Viewer {
  client: BenchClient;
  /** PID of the tmux client it spawned itself (raw only). */
  pid?: number;
}

const target = JSON.parse(process.argv[2] ?? 'null') as FleetTarget | null;
if (target === null || process.send === undefined) {
  throw new Error('usage: fork fleetChild.ts <FleetTarget as JSON> with an IPC channel');
}
const viewers: Viewer[] = [];

function reply(message: FleetReply, sent?: () => void): void {
  process.send?.(message, undefined, undefined, sent);
}

async function attachOne(to: FleetTarget): Promise<Viewer> {
  switch (to.kind) {
    case 'raw': {
      const { pty, client } = attachRaw(to.socket, true);
      await waitUntil('the initial screen', () => client.bytes > 0);
      return { client, pid: pty.pid };
    }
    case 'relay': {
      const { client } = await connectRelay(to.port, 'viewer');
      await waitUntil('the initial screen', () => client.bytes > 0);
      return { client };
    }
    case 'gateway': {
      const { client } = await connect(to.url, to.cookie, true);
      await waitUntil('the initial screen', () => client.bytes > 0);
      return { client };
    }
    default:
      return to satisfies never;
  }
}

async function attach(to: FleetTarget, count: number, concurrency: number): Promise<number[]> {
  const pids: number[] = [];
  for (let done = 0; done < count; done += concurrency) {
    const batch = Math.min(concurrency, count - done);
    const attached = await Promise.all(Array.from({ length: batch }, () => attachOne(to)));
    viewers.push(...attached);
    for (const viewer of attached) if (viewer.pid !== undefined) pids.push(viewer.pid);
  }
  return pids;
}

/** Arms a watch on every viewer; `seen` carries the wall-clock time the last of them saw `text`. */
function watch(id: number, text: string, timeoutMs: number): void {
  const arrivals = viewers.map((viewer) => arrivalOf(viewer.client, text, timeoutMs));
  reply({ type: 'armed', id });
  Promise.all(arrivals).then(
    (times) => reply({ type: 'seen', id, at: wallClockMs(Math.max(...times)) }),
    (error: unknown) => reply({ type: 'failed', id, error: String(error) }),
  );
}

function closeAll(): void {
  for (const viewer of viewers.splice(0)) viewer.client.close();
}

async function handle(command: FleetCommand): Promise<void> {
  switch (command.type) {
    case 'attach': {
      const clientPids = await attach(target!, command.count, command.concurrency);
      return reply({ type: 'attached', id: command.id, clientPids });
    }
    case 'bytes':
      return reply({ type: 'bytes', id: command.id, bytes: viewers.map((v) => v.client.bytes) });
    case 'watch':
      return watch(command.id, command.text, command.timeoutMs);
    case 'freeze':
      for (const viewer of viewers) viewer.client.freeze();
      return reply({ type: 'done', id: command.id });
    case 'close':
      closeAll();
      // Exits once the reply has left; the exit ends every timer left.
      return reply({ type: 'done', id: command.id }, () => process.exit(0));
    default:
      return command satisfies never;
  }
}

process.on('message', (command: FleetCommand) => {
  handle(command).catch((error: unknown) =>
    reply({ type: 'failed', id: command.id, error: String(error) }),
  );
});
// The bench died or let go of us: nobody will read our viewers again.
process.once('disconnect', () => {
  closeAll();
  process.exit(0);
});
reply({ type: 'ready', pid: process.pid });
