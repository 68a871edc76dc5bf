// One browser's terminal: bridges its WebSocket and its `tmux attach` pty, enforcing its role.
//
// Invariant: dispose() runs exactly once per connection and takes everything with it — listeners,
// timers, the attach pty. The tmux session itself is never touched.

import type { IDisposable, IPty } from 'node-pty';
import type { RawData, WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  clampSize,
  closeCodeFor,
  decodeClientMessage,
  encodeMessage,
  type ClientMessage,
  type PresenceClient,
  type ExitReason,
  type ServerMessage,
} from '../../shared/protocol.js';
import { OutputFlowControl } from '../../shared/flowControl.js';
import { canWrite, type Role } from '../../shared/roles.js';
import type { AuditLog } from '../audit.js';
import type { Identity } from '../auth/identity.js';
import type { Logger } from '../log.js';
import type { ConnectionMetrics } from '../metrics/gatewayMetrics.js';
import { errorMessage } from '../log.js';
import type { LiveSession, SessionMember } from '../sessions/sessionRegistry.js';
import { spawnAttach } from '../tmux/attach.js';
import { setClientReadOnly } from '../tmux/clients.js';
import { TmuxError } from '../tmux/tmuxCommand.js';
import { ensureSession, findClientTty, hasSession, refreshClient } from '../tmux/sessionControl.js';
import { InputRate } from './inputRate.js';
import { OutputBatcher } from './outputBatcher.js';

/** CAN: makes the browser's terminal drop any half-received escape sequence before a redraw. */
const CANCEL_BYTE = Buffer.from([0x18]);

/** Input typed while tmux is still being attached is kept up to this much (a paste, not a flood). */
const MAX_PENDING_INPUT_BYTES = 64 * 1024;

/** A viewer may ask for write access once per this interval; more often is ignored. */
export const WRITE_REQUEST_INTERVAL_MS = 30_000;

/**
 * The gateway pings every browser this often; one that has not answered the previous ping by
 * the next is terminated (so a dead link is noticed within two intervals) and its pty ended.
 * A frozen tab whose browser still answers pings stays connected: its output is discarded and
 * redrawn when it catches up.
 */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** While discarding, how often to check whether the socket has drained (acks also trigger it). */
const DISCARD_POLL_MS = 50;

export interface TerminalConnectionOptions {
  ws: WebSocket;
  session: LiveSession;
  identity: Identity;
  role: Role;
  clientId: string;
  cols: number;
  rows: number;
  /** Keyboard input allowed per second (LimitsConfig.inputBytesPerSecond). */
  inputBytesPerSecond: number;
  /** Ping interval (HEARTBEAT_INTERVAL_MS unless configured). */
  heartbeatMs?: number | undefined;
  ip: string | undefined;
  audit: AuditLog;
  log: Logger;
  /** Called with a writer's input as it goes to tmux (session recording). */
  onInput?: ((session: LiveSession, identity: Identity, bytes: Buffer) => void) | undefined;
  /** Metrics of this connection (metrics/gatewayMetrics.ts), when metrics are on. */
  metrics?: ConnectionMetrics | undefined;
}

export class TerminalConnection implements SessionMember {
  readonly clientId: string;
  readonly since = new Date();
  wantsWrite = false;
  private currentRole: Role;
  private lastInputAt = Date.now();
  private lastWriteRequestAt = 0;
  private pty: IPty | undefined;
  private clientTty: string | undefined;
  private readonly flow = new OutputFlowControl();
  private readonly batcher: OutputBatcher;
  private readonly ptyListeners: IDisposable[] = [];
  private discardPoll: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private answeredPing = true;
  private readonly inputRate: InputRate;
  private droppedInputBytes = 0;
  /** Input that arrived after hello but before the attach pty existed. */
  private readonly pendingInput: Buffer[] = [];
  private pendingInputBytes = 0;
  private ended = false;
  private disposed = false;
  private cols: number;
  private rows: number;

  constructor(private readonly options: TerminalConnectionOptions) {
    this.clientId = options.clientId;
    this.currentRole = options.role;
    this.cols = options.cols;
    this.rows = options.rows;
    this.batcher = new OutputBatcher((frame) => this.sendOutput(frame));
    this.inputRate = new InputRate(options.inputBytesPerSecond);
  }

  get identity(): Identity {
    return this.options.identity;
  }

  get role(): Role {
    return this.currentRole;
  }

  get attachPid(): number | undefined {
    return this.pty?.pid;
  }

  presence(): PresenceClient {
    return {
      id: this.clientId,
      kind: 'web',
      user: this.options.identity.name,
      role: this.currentRole,
      guest: this.options.identity.kind === 'guest',
      since: this.since.toISOString(),
      cols: this.cols,
      rows: this.rows,
      idleSeconds: Math.max(0, Math.floor((Date.now() - this.lastInputAt) / 1000)),
      behind: this.flow.discarding,
      wantsWrite: this.wantsWrite,
    };
  }

  sendPresence(clients: PresenceClient[]): void {
    this.send({ type: 'presence', clients });
  }

  /**
   * Changes this client's role without reconnecting. The tmux read-only flag and the gateway's
   * input gate move together, in the order that never lets a viewer's byte through: when
   * demoting the gate closes first, when promoting tmux is made writable first.
   */
  async setRole(role: 'viewer' | 'writer'): Promise<void> {
    if (role === this.currentRole || this.disposed) return;
    const { socket, target } = this.options.session.config;
    const readOnly = !canWrite(role);
    if (readOnly) this.currentRole = role;
    if (this.pty) {
      this.clientTty ??= await findClientTty(socket, this.pty.pid);
      if (this.clientTty) await setClientReadOnly(socket, target, this.clientTty, readOnly);
    }
    this.currentRole = role;
    this.wantsWrite = false;
    this.send({ type: 'role', role });
    this.options.log.info('role_changed', { ...this.logFields });
    this.options.session.changed();
  }

  private get ws(): WebSocket {
    return this.options.ws;
  }

  private get auditFields() {
    return {
      user: this.options.identity.name,
      ip: this.options.ip,
      session: this.options.session.name,
      role: this.currentRole,
      client: this.clientId,
    };
  }

  private get logFields() {
    return {
      user: this.options.identity.name,
      session: this.options.session.name,
      client: this.clientId,
      role: this.currentRole,
      pid: this.pty?.pid,
    };
  }

  /** Says hello, attaches to tmux, and starts relaying. */
  async start(): Promise<void> {
    const { session, identity, log } = this.options;
    session.members.add(this);
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('close', (code) => {
      this.options.metrics?.closed(code);
      log.info('client_closed', { ...this.logFields, code });
      this.dispose();
    });
    this.ws.on('pong', () => {
      this.answeredPing = true;
    });
    this.heartbeat = setInterval(
      () => this.checkHeartbeat(),
      this.options.heartbeatMs ?? HEARTBEAT_INTERVAL_MS,
    );
    this.ws.on('error', (error) => {
      log.warn('client_socket_error', { ...this.logFields, error: errorMessage(error) });
      this.dispose();
    });
    this.options.audit.write({ event: 'join', ...this.auditFields });
    this.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      session: session.name,
      clientId: this.clientId,
      user: identity.name,
      role: this.currentRole,
    });

    const { socket, target, create } = session.config;
    try {
      if (create) await ensureSession(socket, target);
      else if (!(await hasSession(socket, target))) {
        this.end('session-ended', `The tmux session "${session.name}" is not running.`);
        return;
      }
    } catch (error) {
      log.error('tmux_session_unavailable', { ...this.logFields, error: errorMessage(error) });
      const missing = error instanceof TmuxError && error.code === 'ENOENT';
      this.end(
        'error',
        missing
          ? 'tmux cannot be run on the gateway machine.'
          : 'The tmux session could not be started.',
        true,
      );
      return;
    }
    if (this.disposed) return;

    try {
      this.pty = spawnAttach({
        socket,
        target,
        readOnly: !canWrite(this.currentRole),
        cols: this.cols,
        rows: this.rows,
      });
    } catch (error) {
      this.options.metrics?.ptySpawnFailed();
      log.error('pty_spawn_failed', { ...this.logFields, error: errorMessage(error) });
      this.end('error', 'tmux could not be attached.', true);
      return;
    }
    // With `encoding: null`, node-pty delivers Buffers although its typings say string.
    this.ptyListeners.push(this.pty.onData((data) => this.batcher.push(data as unknown as Buffer)));
    this.ptyListeners.push(this.pty.onExit(({ exitCode }) => void this.onPtyExit(exitCode)));
    for (const bytes of this.pendingInput.splice(0)) this.writeInput(bytes);
    this.options.session.changed();
    log.info('client_attached', { ...this.logFields, cols: this.cols, rows: this.rows });
  }

  /** Sends `exit` with its reason, closes with the matching code, and disposes. */
  end(reason: ExitReason, message: string, serverFault = false): void {
    if (this.ended) return;
    this.ended = true;
    this.batcher.flush();
    this.send({ type: 'exit', reason, message });
    const code = closeCodeFor(reason, serverFault);
    this.options.log.info('client_ended', { ...this.logFields, reason, code });
    // Close reasons are limited to 123 bytes.
    this.ws.close(code, reason);
    this.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.options.session.members.delete(this);
    this.options.session.changed();
    this.options.audit.write({
      event: 'leave',
      ...this.auditFields,
      durationMs: Date.now() - this.since.getTime(),
    });
    this.batcher.dispose();
    if (this.discardPoll) clearInterval(this.discardPoll);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const listener of this.ptyListeners) listener.dispose();
    this.ptyListeners.length = 0;
    if (this.pty) {
      try {
        this.pty.kill();
      } catch {
        // Already gone.
      }
    }
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.terminate();
    }
    this.ws.removeAllListeners('message');
    if (this.droppedInputBytes > 0) {
      this.options.log.info('viewer_input_dropped_total', {
        ...this.logFields,
        bytes: this.droppedInputBytes,
      });
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    const bytes = toBuffer(data);
    if (isBinary) {
      this.options.metrics?.bytesIn(bytes.length);
      this.onInput(bytes);
      return;
    }
    const decoded = decodeClientMessage(bytes.toString('utf8'));
    if (!decoded.ok) {
      this.options.log.warn('protocol_error', { ...this.logFields, error: decoded.error });
      this.end('error', decoded.error);
      return;
    }
    this.onControl(decoded.message);
  }

  private onInput(bytes: Buffer): void {
    this.lastInputAt = Date.now();
    if (!this.inputRate.take(bytes.length)) {
      this.options.log.warn('input_rate_exceeded', { ...this.logFields, bytes: bytes.length });
      this.end('error', `Input faster than ${this.options.inputBytesPerSecond} bytes per second.`);
      return;
    }
    if (!canWrite(this.currentRole)) {
      if (this.droppedInputBytes === 0) {
        this.options.log.info('viewer_input_dropped', this.logFields);
      }
      this.droppedInputBytes += bytes.length;
      return;
    }
    if (!this.pty) {
      if (this.pendingInputBytes + bytes.length <= MAX_PENDING_INPUT_BYTES) {
        this.pendingInput.push(bytes);
        this.pendingInputBytes += bytes.length;
      }
      return;
    }
    this.writeInput(bytes);
  }

  expectEcho(): void {
    this.batcher.inputArrived();
  }

  private writeInput(bytes: Buffer): void {
    this.pty?.write(bytes);
    this.options.onInput?.(this.options.session, this.options.identity, bytes);
    // Every viewer sees the echo as soon as the writer does, not a coalescing interval later.
    for (const member of this.options.session.members) member.expectEcho();
  }

  private onControl(message: ClientMessage): void {
    switch (message.type) {
      case 'resize': {
        const size = clampSize(message.cols, message.rows);
        this.cols = size.cols;
        this.rows = size.rows;
        // Viewers resize only their own tmux client: tmux 3.3's -r sets ignore-size.
        this.pty?.resize(size.cols, size.rows);
        this.options.session.changed();
        return;
      }
      case 'ack':
        if (this.flow.ack(message.bytes, this.ws.bufferedAmount) === 'resync') void this.resync();
        return;
      case 'ping':
        this.send({ type: 'pong', t: message.t });
        return;
      case 'request-write':
        this.onWriteRequest();
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  private checkHeartbeat(): void {
    if (!this.answeredPing) {
      this.options.log.warn('client_heartbeat_lost', this.logFields);
      this.ws.terminate();
      this.dispose();
      return;
    }
    this.answeredPing = false;
    this.ws.ping();
  }

  private onWriteRequest(): void {
    const now = Date.now();
    if (canWrite(this.currentRole) || now - this.lastWriteRequestAt < WRITE_REQUEST_INTERVAL_MS) {
      this.options.log.info('write_request_ignored', this.logFields);
      return;
    }
    this.lastWriteRequestAt = now;
    this.wantsWrite = true;
    this.options.audit.write({ event: 'write-requested', ...this.auditFields });
    this.options.session.changed();
  }

  private sendOutput(frame: Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.flow.offer(frame.length, this.ws.bufferedAmount) === 'send') {
      this.ws.send(frame, { binary: true });
      this.options.metrics?.bytesOut(frame.length);
      return;
    }
    this.options.metrics?.outputDiscarded(frame.length);
    if (!this.discardPoll) {
      this.options.log.info('client_output_discarding', {
        ...this.logFields,
        unacked: this.flow.unacked,
      });
      this.discardPoll = setInterval(() => {
        if (this.flow.poll(this.ws.bufferedAmount) === 'resync') void this.resync();
      }, DISCARD_POLL_MS);
    }
  }

  /** The client caught up after discarding: reset its parser and have tmux redraw its screen. */
  private async resync(): Promise<void> {
    if (this.discardPoll) {
      clearInterval(this.discardPoll);
      this.discardPoll = undefined;
    }
    if (this.disposed || !this.pty) return;
    this.options.metrics?.redraw();
    this.options.log.info('client_output_resync', {
      ...this.logFields,
      discarded: this.flow.discarded,
    });
    this.batcher.flush();
    if (this.flow.offer(CANCEL_BYTE.length, this.ws.bufferedAmount) === 'send') {
      this.ws.send(CANCEL_BYTE, { binary: true });
    }
    const socket = this.options.session.config.socket;
    try {
      this.clientTty ??= await findClientTty(socket, this.pty.pid);
      if (this.clientTty && !this.disposed) await refreshClient(socket, this.clientTty);
    } catch (error) {
      this.options.log.warn('client_redraw_failed', {
        ...this.logFields,
        error: errorMessage(error),
      });
    }
  }

  private async onPtyExit(exitCode: number): Promise<void> {
    if (this.disposed) return;
    this.batcher.flush();
    const { socket, target } = this.options.session.config;
    const alive = await hasSession(socket, target).catch(() => false);
    this.options.log.info('attach_exited', { ...this.logFields, exitCode, sessionAlive: alive });
    if (alive) this.end('error', 'The tmux client was detached; reconnecting.', true);
    else this.end('session-ended', `The tmux session "${this.options.session.name}" has ended.`);
  }

  private send(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeMessage(message));
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
