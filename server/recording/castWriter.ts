// Writes one session's recording as asciicast v2 files in its directory, rotating by size and
// time. Output bytes are decoded as a UTF-8 stream (a character split between two reads stays
// whole); input is attributed by an "m" event naming the user before their "i" events.
//
// Invariants: every file starts with a header and holds whole lines; event times never go down
// within a file; once it has failed or closed, every call is a no-op (it never throws after open).

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  CAST_EXTENSION,
  MAX_ID_SUFFIX,
  castEvent,
  castHeader,
  recordingId,
  type CastEventCode,
} from './castFormat.js';

/** A new "m" event names the typist again after this long without input, though unchanged. */
export const MARKER_PAUSE_MS = 2000;

/** Events are collected and written together this often: one write per burst, not per read. */
const FLUSH_INTERVAL_MS = 250;
/** … or as soon as this much is waiting (a flood of output). */
const FLUSH_BYTES = 64 * 1024;

/** Recordings are private to the gateway's user: they may hold anything typed, passwords too. */
export const RECORDING_FILE_MODE = 0o600;

export interface CastWriterOptions {
  /** The session's recording directory; it must exist. */
  dir: string;
  title: string;
  width: number;
  height: number;
  maxFileBytes: number;
  maxFileSeconds: number;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** A file was closed and the next one opened (to remove old files, to redraw the screen). */
  onRotated?: (closedId: string, openedId: string) => void;
  /** Writing failed (disk full, say); the writer has closed itself. */
  onError?: (error: unknown) => void;
}

type Event = readonly [CastEventCode, string];

export class CastWriter {
  private fd = -1;
  private fileId = '';
  private startMs = 0;
  private fileBytes = 0;
  private eventsInFile = 0;
  private lastSeconds = 0;
  private pending: string[] = [];
  private pendingBytes = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly decoder = new TextDecoder('utf-8');
  private typist: string | undefined;
  private lastInputMs = -Infinity;
  private width: number;
  private height: number;
  private done = false;

  /** Opens the first file (throws if it cannot). */
  constructor(private readonly options: CastWriterOptions) {
    this.width = options.width;
    this.height = options.height;
    this.openFile(options.now());
  }

  /** The id of the file being written. */
  get id(): string {
    return this.fileId;
  }

  get closed(): boolean {
    return this.done;
  }

  output(bytes: Uint8Array): void {
    const text = this.decoder.decode(bytes, { stream: true });
    if (text !== '') this.append(() => [['o', text]]);
  }

  /** `user` typed `text`; a marker names them first when the typist changed or paused. */
  input(user: string, text: string): void {
    if (text === '') return;
    const ms = this.options.now();
    this.append(() => {
      const named = user === this.typist && ms - this.lastInputMs <= MARKER_PAUSE_MS;
      return named
        ? [['i', text]]
        : [
            ['m', user],
            ['i', text],
          ];
    }, ms);
    this.typist = user;
    this.lastInputMs = ms;
  }

  /** The recorded terminal changed size. */
  resize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.append(() => [['r', `${width}x${height}`]]);
  }

  /** Starts the next file when the current one covers maxFileSeconds (for quiet sessions). */
  checkTime(): void {
    const ms = this.options.now();
    if (!this.done && this.timeIsUp(ms)) this.guard(() => this.rotate(ms));
  }

  /** Writes what is pending (and any incomplete character) and closes the file. */
  close(): void {
    if (this.done) return;
    const rest = this.decoder.decode();
    if (rest !== '') this.append(() => [['o', rest]]);
    this.guard(() => this.flush());
    this.finish();
  }

  private append(build: () => readonly Event[], ms = this.options.now()): void {
    if (this.done) return;
    this.guard(() => {
      if (this.timeIsUp(ms)) this.rotate(ms);
      let lines = this.format(build(), ms);
      let size = Buffer.byteLength(lines);
      // Rotate before a file would grow past its limit (an event larger than it still fits alone).
      if (this.eventsInFile > 0 && this.fileBytes + size > this.options.maxFileBytes) {
        this.rotate(ms);
        lines = this.format(build(), ms);
        size = Buffer.byteLength(lines);
      }
      this.eventsInFile += 1;
      this.fileBytes += size;
      this.pending.push(lines);
      this.pendingBytes += size;
      if (this.pendingBytes >= FLUSH_BYTES) this.flush();
      else this.flushTimer ??= setTimeout(() => this.guard(() => this.flush()), FLUSH_INTERVAL_MS);
    });
  }

  private format(events: readonly Event[], ms: number): string {
    // Wall-clock steps backwards (NTP) must not make times go down.
    const seconds = Math.max(this.lastSeconds, (ms - this.startMs) / 1000);
    this.lastSeconds = seconds;
    return events.map(([code, data]) => castEvent(seconds, code, data)).join('');
  }

  private timeIsUp(ms: number): boolean {
    return ms - this.startMs >= this.options.maxFileSeconds * 1000;
  }

  private rotate(ms: number): void {
    const closedId = this.fileId;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
    this.openFile(ms);
    this.options.onRotated?.(closedId, this.fileId);
  }

  private openFile(ms: number): void {
    for (let suffix = 0; suffix <= MAX_ID_SUFFIX; suffix++) {
      const id = recordingId(ms, suffix);
      try {
        this.fd = openSync(join(this.options.dir, id + CAST_EXTENSION), 'wx', RECORDING_FILE_MODE);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      this.fileId = id;
      this.startMs = ms;
      this.lastSeconds = 0;
      this.eventsInFile = 0;
      this.typist = undefined;
      const header = castHeader(this.width, this.height, ms, this.options.title);
      writeSync(this.fd, header);
      this.fileBytes = Buffer.byteLength(header);
      return;
    }
    throw new Error(`no free recording file name in ${this.options.dir}`);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0 || this.fd < 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    writeSync(this.fd, text);
  }

  /** Runs a step that writes; a failure closes the writer and is reported, never thrown. */
  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.finish();
      this.options.onError?.(error);
    }
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = [];
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // Already unusable; nothing more to lose.
      }
      this.fd = -1;
    }
  }
}
