// Open-file limits for runs with thousands of viewers: the bench raises its own soft limit (its
// gateway and fleet children inherit it) when the hard limit allows, or fails early saying how.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Descriptors the gateway holds per viewer: its WebSocket, and a second for the accept and
 * close that overlap during joins (the issue: 5,000 sockets need `ulimit -n` above 12,000).
 */
const FILES_PER_VIEWER = 2;
/**
 * Descriptors besides the viewers': Node's own, tmux clients' ptys, pipes, the screen worker;
 * with it 5,000 viewers ask for 12,500, above the 12,000.
 */
const FILES_HEADROOM = 2500;

export interface FileLimit {
  soft: number;
  hard: number;
}

/** Open files one process of a run with `viewers` viewers may need (the gateway's, the most). */
export function filesNeededFor(viewers: number): number {
  return viewers * FILES_PER_VIEWER + FILES_HEADROOM;
}

/** The "Max open files" line of /proc/<pid>/limits ("unlimited" is Infinity). */
export function parseFileLimit(limits: string): FileLimit {
  const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
  if (match === null) throw new Error('no "Max open files" line in /proc/<pid>/limits');
  const value = (text: string) => (text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text));
  return { soft: value(match[1]!), hard: value(match[2]!) };
}

export function fileLimitOf(pid: number): FileLimit {
  return parseFileLimit(readFileSync(`/proc/${pid}/limits`, 'utf8'));
}

function advice(needed: number, limit: FileLimit, why: string): string {
  return (
    `${why}: ${needed} open files are needed per process, the soft limit is ${limit.soft} and ` +
    `the hard limit ${limit.hard}. Raise them in the shell that starts the bench (as root, or ` +
    `in /etc/security/limits.conf): \`ulimit -Hn ${needed} && ulimit -n ${needed}\`, then run again.`
  );
}

/**
 * Makes this process's soft limit at least `needed` (so that every child started from now on
 * inherits it), with `prlimit` when the hard limit allows; throws with what to run otherwise.
 */
export function ensureFileLimit(needed: number, what: string): void {
  const limit = fileLimitOf(process.pid);
  if (limit.soft >= needed) return;
  if (limit.hard < needed) throw new Error(advice(needed, limit, what));
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${needed}:`], {
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(advice(needed, limit, `${what} (prlimit failed)`), { cause: error });
  }
  const raised = fileLimitOf(process.pid);
  if (raised.soft < needed) throw new Error(advice(needed, raised, what));
  process.stderr.write(`bench: raised the open-file soft limit ${limit.soft} → ${raised.soft}\n`);
}

/** Throws when a child (`name`, `pid`) did not get at least `needed` open files. */
export function checkFileLimitOf(pid: number, needed: number, name: string): void {
  const limit = fileLimitOf(pid);
  if (limit.soft < needed) throw new Error(advice(needed, limit, `the ${name} (pid ${pid})`));
}
