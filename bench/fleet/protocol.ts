// The IPC messages between the bench and its viewer fleet processes (fleetChild.ts): one type per
// direction, every command answered by exactly one reply carrying the command's id.

import { performance } from 'node:perf_hooks';

/** How a fleet process attaches its viewers: what each driver hands out for them. */
export type FleetTarget =
  /** node-pty running `tmux attach -r` on this tmux socket. */
  | { kind: 'raw'; socket: string }
  /** WebSocket viewers of the minimal relay on this loopback port. */
  | { kind: 'relay'; port: number }
  /** Protocol-v1 viewers of the gateway (with acks) at this url, signed in with this cookie. */
  | { kind: 'gateway'; url: string; cookie: string };

/** Parent → fleet process. */
export type FleetCommand =
  /** Attach `count` more viewers, at most `concurrency` in flight; replies once all showed a screen. */
  | { type: 'attach'; id: number; count: number; concurrency: number }
  /** Report the bytes each viewer has received so far. */
  | { type: 'bytes'; id: number }
  /**
   * Watch every viewer for `text` in output received from now on: replies `armed` at once, then
   * `seen` when the last of them saw it (or `failed` after `timeoutMs`).
   */
  | { type: 'watch'; id: number; text: string; timeoutMs: number }
  /** Stop reading every viewer's output (never resumed). */
  | { type: 'freeze'; id: number }
  /** Close every viewer; the process exits after its reply. */
  | { type: 'close'; id: number };

/** Fleet process → parent. */
export type FleetReply =
  /** Sent once, unprompted, when the process is ready for commands. */
  | { type: 'ready'; pid: number }
  /** `attach` done: pids of the tmux clients it spawned itself (raw only; empty otherwise). */
  | { type: 'attached'; id: number; clientPids: number[] }
  | { type: 'bytes'; id: number; bytes: number[] }
  /** The watch is in place: output from now on is searched. */
  | { type: 'armed'; id: number }
  /** Wall-clock ms (`performance.timeOrigin + performance.now()`) at which the last viewer saw it. */
  | { type: 'seen'; id: number; at: number }
  /** `freeze` or `close` done. */
  | { type: 'done'; id: number }
  /** The command with this id failed. */
  | { type: 'failed'; id: number; error: string };

/** The wall clock every process of the bench reads arrivals and write times with, in ms. */
export function wallClockMs(sinceOrigin: number = performance.now()): number {
  return performance.timeOrigin + sinceOrigin;
}
