// Entry of the screen worker: one thread per gateway process that parses every viewer group's
// output into its screen, so that the thread reading the groups' ptys never waits on a parser.

import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ScreenTable, type ScreenReply, type ScreenRequest } from './screenTable.js';

const port = parentPort;
if (!port) throw new Error('screenWorker.ts runs as a worker thread');

function send(reply: ScreenReply): void {
  if (reply.type !== 'snapshot') return port!.postMessage(reply);
  // Copied out of Buffer's shared pool into an array of its own, which is then moved, not cloned.
  const bytes = new Uint8Array(reply.bytes);
  port!.postMessage({ ...reply, bytes }, [bytes.buffer]);
}

/**
 * Niceness of this thread (Linux: a thread's own): when the cores are busy, the thread reading
 * the ptys and tmux itself run first, and the screens catch up when they can.
 */
const WORKER_NICENESS = 10;

try {
  setPriority(WORKER_NICENESS);
} catch {
  // Not allowed here: the worker runs at the gateway's priority.
}

const table = new ScreenTable(send);
port.on('message', (request: ScreenRequest) => table.handle(request));
send({ type: 'ready' });
