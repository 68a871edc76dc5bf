// Describes the machine a run was measured on: CPU, cores, memory, Node and tmux versions.

import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

const BYTES_PER_GIB = 1024 ** 3;

export function describeMachine(): string {
  const cpu = cpus();
  const tmux = execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores`,
    `- memory: ${(totalmem() / BYTES_PER_GIB).toFixed(1)} GiB`,
    `- node: ${process.version}, ${tmux}`,
  ].join('\n');
}
