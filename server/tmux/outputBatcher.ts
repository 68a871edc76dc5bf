// Coalesces a pty's many small reads into fewer WebSocket frames, without delaying keystroke echo.

/**
 * How long output is gathered before it is sent. A flood becomes a few hundred frames a second
 * instead of thousands; 4 ms is under a 240 Hz frame and far under what a person notices.
 */
export const OUTPUT_COALESCE_MS = 4;

/** A frame is sent at once when it reaches this size, so memory per client stays small. */
export const MAX_OUTPUT_FRAME_BYTES = 128 * 1024;

export class OutputBatcher {
  private chunks: Buffer[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushNextAtOnce = false;
  private disposed = false;

  constructor(
    private readonly sink: (frame: Buffer) => void,
    /** How long output is gathered; a viewer group lengthens it as its audience grows. */
    public delayMs = OUTPUT_COALESCE_MS,
    private readonly maxFrameBytes = MAX_OUTPUT_FRAME_BYTES,
  ) {}

  push(data: Buffer): void {
    if (this.disposed || data.length === 0) return;
    this.chunks.push(data);
    this.size += data.length;
    if (this.flushNextAtOnce || this.size >= this.maxFrameBytes) {
      this.flushNextAtOnce = false;
      this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
    }
  }

  /** Input just went to the pty: its echo is sent the moment it arrives. */
  inputArrived(): void {
    this.flushNextAtOnce = true;
    if (this.size > 0) this.flush();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.size === 0 || this.disposed) return;
    const frame =
      this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    this.sink(frame);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.chunks = [];
    this.size = 0;
    this.disposed = true;
  }
}
