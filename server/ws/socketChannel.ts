// One browser's WebSocket: decodes what it sends, sends it messages and output under flow control
// (discarding when it falls behind, then asking for a redraw), pings it, and charges its control
// messages to a rate. It owns the socket's listeners and its timers; dispose() takes them all.

import type { RawData, WebSocket } from 'ws';
import {
  DisposableStore,
  MutableDisposable,
  toDisposable,
  type Disposable,
} from '../../shared/lifecycle.js';
import { OutputFlowControl } from '../../shared/flowControl.js';
import {
  decodeClientMessage,
  encodeMessage,
  type ClientMessage,
  type ExitReason,
  type ServerMessage,
} from '../../shared/protocol.js';
import { CANCEL } from '../../shared/terminalBytes.js';
import type { Timers } from '../../shared/timers.js';
import { errorMessage, type LogFields, type Logger } from '../log.js';
import type { ConnectionMetrics } from '../metrics/gatewayMetrics.js';
import type { PreparedFrame } from '../viewers/preparedFrame.js';
import { ControlRate } from './controlRate.js';
import { preparedText, sendPrepared } from './framedWrite.js';
import { realTimers } from '../realTimers.js';

const CANCEL_BYTE = Buffer.from(CANCEL, 'latin1');

/**
 * The gateway pings every browser this often; one that has not answered the previous ping by
 * the next is terminated (so a dead link is noticed within two intervals) and its pty ended.
 * A frozen tab whose browser still answers pings stays connected: its output is discarded and
 * redrawn when it catches up.
 */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** While discarding, how often to check whether the socket has drained (acks also trigger it). */
const DISCARD_POLL_MS = 50;

/** The messages the channel does not answer itself: they go to the connection. */
export type ForwardedMessage = Exclude<ClientMessage, { type: 'ack' | 'ping' }>;

/** What the channel hands on, and how it asks for the connection's end. */
export interface ChannelHandlers {
  /** Terminal input (a binary message). */
  input(bytes: Buffer): void;
  control(message: ForwardedMessage): void;
  /** The browser caught up after its output was discarded (this many bytes): redraw it. */
  resync(discarded: number): void;
  /** End the connection with a reason the browser is told. */
  end(reason: ExitReason, message: string): void;
  /** The socket is gone (closed, failed or silent): dispose the connection. */
  gone(): void;
  /** Handling a message threw. */
  failed(error: unknown): void;
}

export interface SocketChannelOptions {
  ws: WebSocket;
  /** Ping interval (HEARTBEAT_INTERVAL_MS unless configured). */
  heartbeatMs?: number | undefined;
  /** Control messages allowed per second (LimitsConfig.controlMessagesPerSecond). */
  controlMessagesPerSecond: number;
  handlers: ChannelHandlers;
  log: Logger;
  logFields: () => LogFields;
  metrics?: ConnectionMetrics | undefined;
  timers?: Timers | undefined;
  now?: (() => number) | undefined;
}

export class SocketChannel implements Disposable {
  private readonly store = new DisposableStore();
  private readonly flow = new OutputFlowControl();
  private readonly controlRate: ControlRate;
  private readonly discardPoll = this.store.add(new MutableDisposable<Disposable>());
  private readonly timers: Timers;
  private answeredPing = true;
  private closing = false;

  constructor(private readonly options: SocketChannelOptions) {
    this.timers = options.timers ?? realTimers;
    this.controlRate = new ControlRate(options.controlMessagesPerSecond, options.now);
  }

  /** Its output is being discarded (it fell behind). */
  get behind(): boolean {
    return this.flow.discarding;
  }

  /** close() was called: what the browser sends now is ignored. */
  get closed(): boolean {
    return this.closing;
  }

  /** Listens to the socket and starts the heartbeat. */
  start(): void {
    const { ws, log, logFields, handlers } = this.options;
    const onMessage = (data: RawData, isBinary: boolean) => this.receive(data, isBinary);
    ws.on('message', onMessage);
    // Only messages stop at dispose: the close that follows a terminate is still reported.
    this.store.add(toDisposable(() => ws.off('message', onMessage)));
    ws.on('close', (code) => {
      this.options.metrics?.closed(code);
      log.info('client_closed', { ...logFields(), code });
      handlers.gone();
    });
    ws.on('pong', () => {
      this.answeredPing = true;
    });
    const heartbeatMs = this.options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS;
    this.store.add(every(this.timers, heartbeatMs, () => this.checkHeartbeat()));
    ws.on('error', (error) => {
      log.warn('client_socket_error', { ...logFields(), error: errorMessage(error) });
      handlers.gone();
    });
  }

  send(message: ServerMessage): void {
    const { ws } = this.options;
    if (ws.readyState === ws.OPEN) ws.send(encodeMessage(message));
  }

  /** Sends a message already encoded (presence: encoded and framed once for many browsers). */
  sendEncoded(encoded: string): void {
    const { ws } = this.options;
    if (ws.readyState === ws.OPEN) sendPrepared(ws, preparedText(encoded));
  }

  /**
   * Terminal output: sent, or discarded while the browser is behind. A viewer group's frame is
   * framed once for all its members; a writer's own output goes through ws.send.
   */
  output(frame: Buffer | PreparedFrame): void {
    const { ws, metrics } = this.options;
    if (ws.readyState !== ws.OPEN) return;
    if (this.flow.offer(frame.length, ws.bufferedAmount) === 'send') {
      if (Buffer.isBuffer(frame)) ws.send(frame, { binary: true });
      else sendPrepared(ws, frame);
      this.controlRate.frameSent();
      metrics?.bytesOut(frame.length);
      return;
    }
    metrics?.outputDiscarded(frame.length);
    if (this.discardPoll.value) return;
    this.options.log.info('client_output_discarding', {
      ...this.options.logFields(),
      unacked: this.flow.unacked,
    });
    this.discardPoll.value = every(this.timers, DISCARD_POLL_MS, () => {
      if (this.flow.poll(ws.bufferedAmount) === 'resync') this.resync();
    });
  }

  /** CAN ahead of a redraw, under flow control: ends an escape sequence the discard cut. */
  cancel(): void {
    const { ws } = this.options;
    if (this.flow.offer(CANCEL_BYTE.length, ws.bufferedAmount) === 'send') {
      ws.send(CANCEL_BYTE, { binary: true });
      this.controlRate.frameSent();
    }
  }

  /** Closes with `code` (its reason limited to 123 bytes); later messages are ignored. */
  close(code: number, reason: string): void {
    this.closing = true;
    this.options.ws.close(code, reason);
  }

  /** Stops the timers, terminates a socket still open, and stops listening to messages. */
  dispose(): void {
    if (this.store.isDisposed) return;
    const { ws } = this.options;
    this.store.dispose();
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.terminate();
  }

  /** The boundary around each message: an unexpected error ends this connection, not the process. */
  private receive(data: RawData, isBinary: boolean): void {
    try {
      this.onMessage(data, isBinary);
    } catch (error) {
      this.options.handlers.failed(error);
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    const { handlers, log, logFields } = this.options;
    const bytes = toBuffer(data);
    if (isBinary) {
      this.options.metrics?.bytesIn(bytes.length);
      handlers.input(bytes);
      return;
    }
    const decoded = decodeClientMessage(bytes.toString('utf8'));
    if (!decoded.ok) {
      log.warn('protocol_error', { ...logFields(), error: decoded.error });
      handlers.end('error', decoded.error);
      return;
    }
    if (!this.withinControlRate(decoded.message)) return;
    this.onControl(decoded.message);
  }

  /** Charges a control message to this browser's rate; past it the browser is ended. */
  private withinControlRate(message: ClientMessage): boolean {
    if (this.controlRate.take(message.type === 'ack' ? 'ack' : 'other')) return true;
    const perSecond = this.options.controlMessagesPerSecond;
    this.options.log.warn('control_rate_exceeded', {
      ...this.options.logFields(),
      type: message.type,
    });
    this.options.handlers.end('limit', `More than ${perSecond} control messages per second.`);
    return false;
  }

  private onControl(message: ClientMessage): void {
    switch (message.type) {
      case 'ack':
        if (this.flow.ack(message.bytes, this.options.ws.bufferedAmount) === 'resync') {
          this.resync();
        }
        return;
      case 'ping':
        this.send({ type: 'pong', t: message.t });
        return;
      case 'resize':
      case 'fit':
      case 'request-write':
        this.options.handlers.control(message);
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  private resync(): void {
    this.discardPoll.value = undefined;
    if (this.store.isDisposed) return;
    this.options.handlers.resync(this.flow.discarded);
  }

  private checkHeartbeat(): void {
    const { ws, log, logFields, handlers } = this.options;
    if (!this.answeredPing) {
      log.warn('client_heartbeat_lost', logFields());
      ws.terminate();
      handlers.gone();
      return;
    }
    this.answeredPing = false;
    ws.ping();
  }
}

/** Runs `task` every `ms` until disposed. */
function every(timers: Timers, ms: number, task: () => void): Disposable {
  let handle: unknown;
  const schedule = () => {
    handle = timers.setTimeout(() => {
      schedule();
      task();
    }, ms);
  };
  schedule();
  return toDisposable(() => timers.clearTimeout(handle));
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
