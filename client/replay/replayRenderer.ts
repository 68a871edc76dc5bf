// Puts a recording's screen at a given time onto a terminal: forwards from where it is, or from
// the start (after a reset) when going back — at once, without waiting through the recording.
// Pure: the terminal is a sink, so the ordering rules have unit tests.
//
// Invariant: at most one write is in the terminal's hands at a time; a seek drops the writes not
// yet handed over, and its reset runs after the one in hand, so nothing stale lands after it.

import { eventsUntil, parseSize, type Cast } from './castParser.js';

/** Output is handed over in pieces of at most this many characters, so a seek waits for little. */
const MAX_WRITE_CHARS = 256 * 1024;

export interface TerminalSink {
  /** Writes output; `done` runs once the terminal has processed it. */
  write(data: string, done: () => void): void;
  resize(cols: number, rows: number): void;
  /** Clears everything (screen, scrollback, modes) and takes this size. */
  reset(cols: number, rows: number): void;
}

type Operation =
  | { kind: 'write'; data: string }
  | { kind: 'resize'; cols: number; rows: number }
  | { kind: 'reset' };

export class ReplayRenderer {
  /** Events handed to the queue so far (a prefix of cast.events). */
  private applied = 0;
  private queue: Operation[] = [];
  private writing = false;
  private disposed = false;

  constructor(
    private readonly cast: Cast,
    private readonly sink: TerminalSink,
  ) {
    this.queue.push({ kind: 'reset' });
  }

  /** The terminal will show the screen as it was at `time`. */
  renderTo(time: number): void {
    if (this.disposed) return;
    const target = eventsUntil(this.cast.events, time);
    if (target < this.applied) {
      this.queue = [{ kind: 'reset' }];
      this.applied = 0;
    }
    this.enqueue(target);
    this.pump();
  }

  /** True while output is still on its way to the terminal. */
  get busy(): boolean {
    return this.writing || this.queue.length > 0;
  }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
  }

  private enqueue(target: number): void {
    let text = '';
    const flush = () => {
      if (text !== '') this.queue.push({ kind: 'write', data: text });
      text = '';
    };
    for (const event of this.cast.events.slice(this.applied, target)) {
      if (event.code === 'o') {
        text += event.data;
        if (text.length >= MAX_WRITE_CHARS) flush();
      } else if (event.code === 'r') {
        const size = parseSize(event.data);
        if (!size) continue;
        flush();
        this.queue.push({ kind: 'resize', ...size });
      }
    }
    flush();
    this.applied = target;
  }

  private pump(): void {
    while (!this.writing && !this.disposed) {
      const operation = this.queue.shift();
      if (!operation) return;
      switch (operation.kind) {
        case 'reset':
          this.sink.reset(this.cast.header.width, this.cast.header.height);
          break;
        case 'resize':
          this.sink.resize(operation.cols, operation.rows);
          break;
        case 'write':
          this.writing = true;
          this.sink.write(operation.data, () => {
            this.writing = false;
            this.pump();
          });
          break;
        default: {
          const unreachable: never = operation;
          return unreachable;
        }
      }
    }
  }
}
