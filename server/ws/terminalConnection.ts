// One browser's terminal: bridges its WebSocket and tmux, enforcing its role. A writer has its own
// `tmux attach`; a viewer is a member of a shared read-only client's group (viewers/).
//
// Invariant: dispose() runs exactly once per connection and takes everything with it — listeners,
// timers, its own attach pty or its place in a group. The tmux session itself is never touched.

import type { RawData, WebSocket } from 'ws';
import { identityFields } from '../auth/auditFields.js';
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
import { canWrite, type LiveRole, type Role } from '../../shared/roles.js';
import { CANCEL, CANCEL_AND_RESET } from '../../shared/terminalBytes.js';
import type { AuditLog } from '../audit.js';
import type { Identity } from '../auth/identity.js';
import type { Logger } from '../log.js';
import type { ConnectionMetrics } from '../metrics/gatewayMetrics.js';
import { errorMessage } from '../log.js';
import type { LiveSession, SessionMember } from '../sessions/sessionRegistry.js';
import { TmuxError } from '../tmux/tmuxServer.js';
import { hasSession } from '../tmux/sessionControl.js';
import type { GroupViewer, ViewerGroup } from '../viewers/viewerGroup.js';
import type { ViewRequest } from '../viewers/sessionViewers.js';
import { CoalescedTask, type CoalesceDelay } from './coalescedTask.js';
import { ControlRate } from './controlRate.js';
import { InputRate } from './inputRate.js';
import { PrivateClient } from './privateClient.js';

const CANCEL_BYTE = Buffer.from(CANCEL, 'latin1');
const RESET_BYTES = Buffer.from(CANCEL_AND_RESET, 'latin1');

/** Input typed while tmux is still being attached is kept up to this much (a paste, not a flood). */
const MAX_PENDING_INPUT_BYTES = 64 * 1024;

/**
 * The gateway pings every browser this often; one that has not answered the previous ping by
 * the next is terminated (so a dead link is noticed within two intervals) and its pty ended.
 * A frozen tab whose browser still answers pings stays connected: its output is discarded and
 * redrawn when it catches up.
 */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** While discarding, how often to check whether the socket has drained (acks also trigger it). */
const DISCARD_POLL_MS = 50;

/**
 * A viewer's move to the group of its new size waits for this much quiet (and at most this long
 * in all): a window drag costs one tmux client, at its end, rather than one per step.
 */
export const VIEWER_RESIZE_DELAY: CoalesceDelay = { quietMs: 250, maxWaitMs: 1000 };

/**
 * A writer's resize makes tmux resize the window and redraw every client of the session: the
 * latest size goes to tmux at most about ten times a second, as often as the page sends one
 * during a drag, so a page is never held back but a flood is.
 */
export const WRITER_RESIZE_DELAY: CoalesceDelay = { quietMs: 50, maxWaitMs: 100 };

export interface TerminalConnectionOptions {
  ws: WebSocket;
  session: LiveSession;
  identity: Identity;
  role: Role;
  clientId: string;
  cols: number;
  rows: number;
  /** A viewer follows the session's window (fit-to-window) rather than its own size. */
  fit: boolean;
  /** Keyboard input allowed per second (LimitsConfig.inputBytesPerSecond). */
  inputBytesPerSecond: number;
  /** Control messages allowed per second (LimitsConfig.controlMessagesPerSecond). */
  controlMessagesPerSecond: number;
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

/** Where this browser's output comes from: its own tmux client, or a viewer group's. */
type OutputSource =
  { kind: 'private'; client: PrivateClient } | { kind: 'group'; group: ViewerGroup };

export class TerminalConnection implements SessionMember, GroupViewer {
  readonly clientId: string;
  readonly since = new Date();
  wantsWrite = false;
  private currentRole: Role;
  private lastInputAt = Date.now();
  private source: OutputSource | undefined;
  /** Bumped by every attach: an attach overtaken by a newer one (a role change) gives way. */
  private attachGeneration = 0;
  /** The attach in flight, if any: a size change waits for it instead of racing it. */
  private attaching: Promise<boolean> | undefined;
  /** What this viewer asked for when it last joined a group (the group may be a shared one). */
  private joinedView: ViewRequest | undefined;
  /** Applies resizes and `fit` once they settle, one at a time, the latest state winning. */
  private readonly sizeChanges: CoalescedTask;
  private fit: boolean;
  private readonly flow = new OutputFlowControl();
  private discardPoll: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private answeredPing = true;
  private readonly inputRate: InputRate;
  private readonly controlRate: ControlRate;
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
    this.fit = options.fit;
    this.inputRate = new InputRate(options.inputBytesPerSecond);
    this.controlRate = new ControlRate(options.controlMessagesPerSecond);
    this.sizeChanges = new CoalescedTask(
      () => this.applySize(),
      (error) => this.failed(error),
    );
  }

  get identity(): Identity {
    return this.options.identity;
  }

  get role(): Role {
    return this.currentRole;
  }

  get attachPid(): number | undefined {
    if (!this.source) return undefined;
    return this.source.kind === 'private' ? this.source.client.pid : this.source.group.pid;
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

  sendPresence(encoded: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encoded);
  }

  /**
   * Changes this client's role without reconnecting: a writer gets its own read-write tmux
   * client, a viewer joins a shared read-only one. The input gate moves in the order that never
   * lets a viewer's byte through: when demoting it closes first, when promoting it opens last.
   */
  async setRole(role: LiveRole): Promise<void> {
    if (role === this.currentRole || this.disposed) return;
    if (!canWrite(role)) this.currentRole = role;
    if (this.source) {
      this.sendOutput(RESET_BYTES);
      const attached = await this.attach(canWrite(role));
      if (!attached) return;
    }
    this.currentRole = role;
    this.wantsWrite = false;
    this.send({ type: 'role', role });
    this.options.log.info('role_changed', { ...this.logFields });
    this.options.session.changed();
  }

  // GroupViewer: how a viewer group reaches this browser.

  deliver(frame: Buffer): void {
    this.sendOutput(frame);
  }

  groupEnded(sessionAlive: boolean): void {
    if (this.disposed) return;
    if (!sessionAlive) this.options.session.liveness.forget();
    this.source = undefined;
    this.options.log.info('attach_exited', { ...this.logFields, sessionAlive });
    this.endAfterClientExit(sessionAlive);
  }

  resized(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.send({ type: 'window', cols, rows });
    this.options.session.changed();
  }

  private get ws(): WebSocket {
    return this.options.ws;
  }

  private get auditFields() {
    return {
      ...identityFields(this.options.identity),
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
      pid: this.attachPid,
    };
  }

  /** Says hello, attaches to tmux, and starts relaying. */
  async start(): Promise<void> {
    const { session, identity, log } = this.options;
    session.members.add(this);
    this.ws.on('message', (data, isBinary) => this.receive(data, isBinary));
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

    try {
      if (!(await session.liveness.ensureRunning())) {
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

    if (!(await this.attach(canWrite(this.currentRole)))) return;
    // A role change while attaching found no client to move: attach again for the new role.
    const writable = canWrite(this.currentRole);
    if (writable !== (this.source?.kind === 'private') && !(await this.attach(writable))) return;
    for (const bytes of this.pendingInput.splice(0)) this.writeInput(bytes);
    this.options.session.changed();
    log.info('client_attached', { ...this.logFields, cols: this.cols, rows: this.rows });
  }

  /**
   * Leaves the current tmux client, if any, and attaches anew: read-write to a client of its own,
   * or read-only into a viewer group. False when it failed (the connection is ended) or was
   * overtaken by a newer attach or the connection's end.
   */
  private attach(writable: boolean): Promise<boolean> {
    const attaching = this.attachNow(writable);
    this.attaching = attaching;
    const done = () => {
      if (this.attaching === attaching) this.attaching = undefined;
    };
    attaching.then(done, done);
    return attaching;
  }

  private async attachNow(writable: boolean): Promise<boolean> {
    const generation = ++this.attachGeneration;
    this.detach();
    const { tmux, config } = this.options.session;
    const { target } = config;
    try {
      if (writable) {
        this.joinedView = undefined;
        this.source = {
          kind: 'private',
          client: new PrivateClient({
            tmux,
            target,
            cols: this.cols,
            rows: this.rows,
            deliver: (frame) => this.sendOutput(frame),
            onExit: (exitCode) => void this.onPrivateClientExit(exitCode),
          }),
        };
        return true;
      }
      const request = this.wantedView();
      const { group, followsWindow } = await this.options.session.viewers.join(this, request);
      if (this.disposed || generation !== this.attachGeneration) {
        group.remove(this);
        return false;
      }
      this.source = { kind: 'group', group };
      this.joinedView = request;
      if (
        !request.fit &&
        (followsWindow || group.cols !== request.cols || group.rows !== request.rows)
      ) {
        this.options.log.info('viewer_size_shared', {
          ...this.logFields,
          asked: `${request.cols}x${request.rows}`,
          given: followsWindow ? 'window' : `${group.cols}x${group.rows}`,
        });
      }
      if (followsWindow) this.resized(group.cols, group.rows);
      return true;
    } catch (error) {
      // A viewer's group reads the window's size first: that fails too when the session is gone.
      if (!(await hasSession(tmux, target).catch(() => false))) {
        this.options.session.liveness.forget();
        this.end('session-ended', `The tmux session "${this.options.session.name}" has ended.`);
        return false;
      }
      this.options.metrics?.ptySpawnFailed();
      this.options.log.error('pty_spawn_failed', { ...this.logFields, error: errorMessage(error) });
      this.end('error', 'tmux could not be attached.', true);
      return false;
    }
  }

  /** Leaves the current tmux client: ends its own, or steps out of the group. */
  private detach(): void {
    const source = this.source;
    this.source = undefined;
    if (source?.kind === 'private') source.client.dispose();
    else source?.group.remove(this);
  }

  /** Sends `exit` with its reason, closes with the matching code, and disposes. */
  end(reason: ExitReason, message: string, serverFault = false): void {
    if (this.ended) return;
    this.ended = true;
    if (this.source?.kind === 'private') this.source.client.flush();
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
    this.attachGeneration += 1;
    this.sizeChanges.dispose();
    this.detach();
    if (this.discardPoll) clearInterval(this.discardPoll);
    if (this.heartbeat) clearInterval(this.heartbeat);
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

  /** The boundary around each message: an unexpected error ends this connection, not the process. */
  private receive(data: RawData, isBinary: boolean): void {
    try {
      this.onMessage(data, isBinary);
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.options.log.error('connection_failed', { ...this.logFields, error: errorMessage(error) });
    this.end('error', 'The gateway could not handle a message.', true);
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
    if (!this.withinControlRate(decoded.message)) return;
    this.onControl(decoded.message);
  }

  /** Charges a control message to this browser's rate; past it the browser is ended. */
  private withinControlRate(message: ClientMessage): boolean {
    if (this.controlRate.take(message.type === 'ack' ? 'ack' : 'other')) return true;
    const perSecond = this.options.controlMessagesPerSecond;
    this.options.log.warn('control_rate_exceeded', { ...this.logFields, type: message.type });
    this.end('limit', `More than ${perSecond} control messages per second.`);
    return false;
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
    if (this.source?.kind !== 'private') {
      if (this.pendingInputBytes + bytes.length <= MAX_PENDING_INPUT_BYTES) {
        this.pendingInput.push(bytes);
        this.pendingInputBytes += bytes.length;
      }
      return;
    }
    this.writeInput(bytes);
  }

  /** A viewer's echo goes out with its group's (SessionViewers.expectEcho), once per group. */
  expectEcho(): void {
    if (this.source?.kind === 'private') this.source.client.expectEcho();
  }

  private writeInput(bytes: Buffer): void {
    if (this.source?.kind !== 'private') return;
    this.source.client.write(bytes);
    this.options.onInput?.(this.options.session, this.options.identity, bytes);
    // Every viewer sees the echo as soon as the writer does, not a coalescing interval later.
    for (const member of this.options.session.members) member.expectEcho();
    this.options.session.viewers.expectEcho();
  }

  private onControl(message: ClientMessage): void {
    switch (message.type) {
      case 'resize':
        this.onResize(clampSize(message.cols, message.rows));
        return;
      case 'fit':
        this.onFit();
        return;
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

  private onResize(size: { cols: number; rows: number }): void {
    this.cols = size.cols;
    this.rows = size.rows;
    this.options.session.changed();
    if (canWrite(this.currentRole)) {
      this.sizeChanges.request(WRITER_RESIZE_DELAY);
      return;
    }
    // A viewer never resizes the window: it moves to the group of viewers of its own size.
    this.fit = false;
    this.sizeChanges.request(VIEWER_RESIZE_DELAY);
  }

  private onFit(): void {
    if (canWrite(this.currentRole)) return;
    this.fit = true;
    this.sizeChanges.request(VIEWER_RESIZE_DELAY);
  }

  /** What this viewer wants to see now. */
  private wantedView(): ViewRequest {
    return this.fit ? { fit: true } : { fit: false, cols: this.cols, rows: this.rows };
  }

  /**
   * Brings the tmux side to the latest size asked for: a writer's pty is resized, a viewer moves
   * to the group of its new size. Waits for an attach in flight (the first one, a role change),
   * so a resize that arrived meanwhile takes effect after it.
   */
  private async applySize(): Promise<void> {
    while (this.attaching) await this.attaching;
    const source = this.source;
    if (this.disposed || !source) return;
    if (source.kind === 'private') {
      source.client.resize(this.cols, this.rows);
      this.options.session.viewers.windowMayHaveChanged();
      return;
    }
    if (this.joinedView && sameView(this.joinedView, this.wantedView())) return;
    await this.attach(false);
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
    if (
      canWrite(this.currentRole) ||
      !this.options.session.writeRequests.tryRequest(this.identity)
    ) {
      this.options.log.info('write_request_ignored', this.logFields);
      return;
    }
    this.wantsWrite = true;
    this.options.audit.write({ event: 'write-requested', ...this.auditFields });
    this.options.session.changed();
  }

  private sendOutput(frame: Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (this.flow.offer(frame.length, this.ws.bufferedAmount) === 'send') {
      this.ws.send(frame, { binary: true });
      this.controlRate.frameSent();
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

  /** The client caught up after discarding: give it a full screen again. */
  private async resync(): Promise<void> {
    if (this.discardPoll) {
      clearInterval(this.discardPoll);
      this.discardPoll = undefined;
    }
    if (this.disposed || !this.source) return;
    this.options.metrics?.redraw();
    this.options.log.info('client_output_resync', {
      ...this.logFields,
      discarded: this.flow.discarded,
    });
    if (this.source.kind === 'group') {
      this.source.group.redraw(this);
      return;
    }
    if (this.flow.offer(CANCEL_BYTE.length, this.ws.bufferedAmount) === 'send') {
      this.ws.send(CANCEL_BYTE, { binary: true });
      this.controlRate.frameSent();
    }
    try {
      await this.source.client.redraw();
    } catch (error) {
      this.options.log.warn('client_redraw_failed', {
        ...this.logFields,
        error: errorMessage(error),
      });
    }
  }

  private async onPrivateClientExit(exitCode: number): Promise<void> {
    if (this.disposed) return;
    const { tmux, config } = this.options.session;
    const alive = await hasSession(tmux, config.target).catch(() => false);
    if (!alive) this.options.session.liveness.forget();
    this.options.log.info('attach_exited', { ...this.logFields, exitCode, sessionAlive: alive });
    this.endAfterClientExit(alive);
  }

  private endAfterClientExit(sessionAlive: boolean): void {
    if (sessionAlive) this.end('error', 'The tmux client was detached; reconnecting.', true);
    else this.end('session-ended', `The tmux session "${this.options.session.name}" has ended.`);
  }

  private send(message: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeMessage(message));
  }
}

function sameView(a: ViewRequest, b: ViewRequest): boolean {
  if (a.fit || b.fit) return a.fit === b.fit;
  return a.cols === b.cols && a.rows === b.rows;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
