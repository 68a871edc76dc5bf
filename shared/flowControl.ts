// Ack-based output flow control for one browser: the pure decision logic, no I/O.
//
// The gateway never stops reading a client's pty for long (a pty nobody reads makes the tmux
// server's memory grow without bound). Instead, when a browser falls behind, its output is
// discarded, and once it has caught up the gateway sends CAN and asks tmux to redraw that client.

/**
 * Unacknowledged output above which the gateway stops sending to a client and discards. Large
 * enough that a healthy browser on a fast link never reaches it (xterm.js parses tens of MB/s).
 */
export const HIGH_WATERMARK_BYTES = 2 * 1024 * 1024;

/** Unacknowledged output under which a discarding client is resynchronised (CAN + redraw). */
export const LOW_WATERMARK_BYTES = 256 * 1024;

/**
 * The browser acknowledges processed output in chunks of this size (plus a short idle flush).
 * Must not exceed LOW_WATERMARK_BYTES, or a client's last unacknowledged chunk could keep it
 * above the low mark forever.
 */
export const ACK_CHUNK_BYTES = 64 * 1024;

/** WebSocket send buffer above which output is discarded too, whatever the acks say. */
export const SOCKET_HIGH_WATERMARK_BYTES = 4 * 1024 * 1024;

/** Send buffer under which a client discarding for socket pressure may resume. */
export const SOCKET_LOW_WATERMARK_BYTES = 512 * 1024;

export interface FlowLimits {
  highWatermark: number;
  lowWatermark: number;
  socketHighWatermark: number;
  socketLowWatermark: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  highWatermark: HIGH_WATERMARK_BYTES,
  lowWatermark: LOW_WATERMARK_BYTES,
  socketHighWatermark: SOCKET_HIGH_WATERMARK_BYTES,
  socketLowWatermark: SOCKET_LOW_WATERMARK_BYTES,
};

/** What to do with a chunk of output. */
export type OutputDecision = 'send' | 'discard';

/** After an ack or a poll: 'resync' means send CAN and ask tmux to redraw this client now. */
export type CatchUpDecision = 'resync' | 'none';

export class OutputFlowControl {
  private unackedBytes = 0;
  private isDiscarding = false;
  private discardedTotal = 0;
  private resyncCount = 0;

  constructor(private readonly limits: FlowLimits = DEFAULT_FLOW_LIMITS) {
    if (limits.lowWatermark > limits.highWatermark) {
      throw new Error('low watermark must not exceed the high watermark');
    }
    if (limits.socketLowWatermark > limits.socketHighWatermark) {
      throw new Error('socket low watermark must not exceed the socket high watermark');
    }
  }

  /** Output sent but not yet acknowledged by the browser. */
  get unacked(): number {
    return this.unackedBytes;
  }

  get discarding(): boolean {
    return this.isDiscarding;
  }

  /** Total bytes dropped for this client since it connected. */
  get discarded(): number {
    return this.discardedTotal;
  }

  /** How many times this client was resynchronised (CAN + redraw). */
  get resyncs(): number {
    return this.resyncCount;
  }

  /** Decide for a chunk of `bytes` about to be sent, given the socket's current send buffer. */
  offer(bytes: number, socketBuffered: number): OutputDecision {
    if (
      !this.isDiscarding &&
      (this.unackedBytes >= this.limits.highWatermark ||
        socketBuffered >= this.limits.socketHighWatermark)
    ) {
      this.isDiscarding = true;
    }
    if (this.isDiscarding) {
      this.discardedTotal += bytes;
      return 'discard';
    }
    this.unackedBytes += bytes;
    return 'send';
  }

  /** The browser processed `bytes` more. Acks beyond what was sent are clamped at zero. */
  ack(bytes: number, socketBuffered: number): CatchUpDecision {
    this.unackedBytes = Math.max(0, this.unackedBytes - bytes);
    return this.poll(socketBuffered);
  }

  /** Check, while discarding, whether the client has caught up (acks or a drained socket). */
  poll(socketBuffered: number): CatchUpDecision {
    if (
      this.isDiscarding &&
      this.unackedBytes <= this.limits.lowWatermark &&
      socketBuffered <= this.limits.socketLowWatermark
    ) {
      this.isDiscarding = false;
      this.resyncCount += 1;
      return 'resync';
    }
    return 'none';
  }
}
