// An append-only file that rotates by size: `audit.log` becomes `audit.log.1`, `.1` becomes `.2`,
// and so on up to the retention, the oldest removed. Files are only ever renamed or removed whole:
// a line once written is never rewritten, and the line that crosses the size starts the new file.

import { closeSync, fstatSync, renameSync, rmSync, writeSync } from 'node:fs';
import { openAppendSync } from '../state/noFollow.js';

export interface RotationSettings {
  /** A file is rotated before a line would take it past this size. */
  maxFileBytes: number;
  /** Rotated files kept besides the current one; older ones are removed. */
  retainFiles: number;
}

export function rotatedPath(path: string, generation: number): string {
  return generation === 0 ? path : `${path}.${generation}`;
}

export class RotatingFile {
  private fd: number;
  private size: number;
  private open = true;

  constructor(
    private readonly path: string,
    private readonly mode: number,
    private readonly settings: RotationSettings,
  ) {
    // Appending, created if missing, never through a symbolic link.
    this.fd = openAppendSync(path, mode);
    this.size = fstatSync(this.fd).size;
  }

  /** Appends one line (synchronously: it is with the OS when this returns). */
  append(line: string): void {
    if (!this.open) return;
    const bytes = Buffer.from(line);
    if (this.size > 0 && this.size + bytes.length > this.settings.maxFileBytes) this.rotate();
    writeSync(this.fd, bytes);
    this.size += bytes.length;
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    const { retainFiles } = this.settings;
    rmSync(rotatedPath(this.path, retainFiles), { force: true });
    for (let generation = retainFiles - 1; generation >= 0; generation -= 1) {
      try {
        renameSync(rotatedPath(this.path, generation), rotatedPath(this.path, generation + 1));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    this.fd = openAppendSync(this.path, this.mode);
    this.size = 0;
  }
}
