// One browser's terminal: its socket channel (socketChannel.ts) joined to its place in the session
// (sessionMembership.ts). A writer has its own `tmux attach`; a viewer is a member of a shared
// read-only client's group (viewers/).
//
// Invariant: dispose() runs exactly once per connection and takes everything with it — listeners,
// timers, its own attach pty or its place in a group. The tmux session itself is never touched.

import type { WebSocket } from 'ws';
import { toDisposable, type Disposable } from '../../shared/lifecycle.js';
import {
  PROTOCOL_VERSION,
  clampSize,
  closeCodeFor,
  type ExitReason,
  type PresenceClient,
} from '../../shared/protocol.js';
import { canWrite, type LiveRole, type Role } from '../../shared/roles.js';
import type { AuditLog } from '../audit.js';
import type { Identity } from '../auth/identity.js';
import { errorMessage, type LogFields, type Logger } from '../log.js';
import type { ConnectionMetrics } from '../metrics/gatewayMetrics.js';
import type { LiveSession, SessionMember } from '../sessions/sessionRegistry.js';
import { hasSession } from '../tmux/sessionControl.js';
import type { PreparedFrame } from '../viewers/preparedFrame.js';
import type { GroupViewer } from '../viewers/viewerGroup.js';
import {
  auditFields,
  logFields,
  presenceRecord,
  type ConnectionParty,
} from './connectionFields.js';
import { PrivateClient } from './privateClient.js';
import { SessionMembership } from './sessionMembership.js';
import { SocketChannel, type ForwardedMessage } from './socketChannel.js';

export { HEARTBEAT_INTERVAL_MS } from './socketChannel.js';
export { VIEWER_RESIZE_DELAY, WRITER_RESIZE_DELAY } from './tmuxAttachment.js';

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
  /** May open the history view (the session's switch and the guest's link); default: the switch. */
  history?: boolean | undefined;
}

export class TerminalConnection implements SessionMember, GroupViewer {
  readonly clientId: string;
  readonly since = new Date();
  wantsWrite = false;
  private readonly party: ConnectionParty;
  private readonly channel: SocketChannel;
  private readonly membership: SessionMembership;
  private readonly teardown: Disposable;

  constructor(private readonly options: TerminalConnectionOptions) {
    const { ws, session, identity, log, metrics, onInput } = options;
    this.clientId = options.clientId;
    this.party = {
      identity,
      session: session.name,
      clientId: this.clientId,
      ip: options.ip,
      since: this.since,
    };
    const fields = () => this.logFields;
    this.channel = new SocketChannel({
      ws,
      heartbeatMs: options.heartbeatMs,
      controlMessagesPerSecond: options.controlMessagesPerSecond,
      log,
      logFields: fields,
      metrics,
      handlers: {
        input: (bytes) => this.membership.input(bytes),
        control: (message) => this.onControl(message),
        resync: (discarded) => void this.membership.redraw(discarded),
        end: (reason, message) => this.end(reason, message),
        gone: () => this.dispose(),
        failed: (error) => this.failed(error),
      },
    });
    const { tmux } = session;
    const { target } = session.config;
    this.membership = new SessionMembership({
      session,
      viewer: this,
      role: options.role,
      cols: options.cols,
      rows: options.rows,
      fit: options.fit,
      inputBytesPerSecond: options.inputBytesPerSecond,
      sink: this.channel,
      attachClient: (client) => new PrivateClient({ tmux, target, ...client }),
      // The one place a connection asks tmux whether its session still exists.
      sessionExists: () => hasSession(tmux, target).catch(() => false),
      end: (reason, message, serverFault) => this.end(reason, message, serverFault),
      failed: (error) => this.failed(error),
      onInput: onInput && ((bytes) => onInput(session, identity, bytes)),
      log,
      logFields: fields,
      metrics,
    });
    this.teardown = toDisposable(() => this.release());
  }

  get identity(): Identity {
    return this.options.identity;
  }

  get role(): Role {
    return this.membership.role;
  }

  get attachPid(): number | undefined {
    return this.membership.attachPid;
  }

  presence(): PresenceClient {
    return presenceRecord(this.party, {
      role: this.role,
      ...this.membership.size,
      lastInputAt: this.membership.lastInputAt,
      behind: this.channel.behind,
      wantsWrite: this.wantsWrite,
    });
  }

  sendPresence(encoded: string): void {
    this.channel.sendEncoded(encoded);
  }

  /** Changes this client's role without reconnecting (SessionMembership.setRole). */
  async setRole(role: LiveRole): Promise<void> {
    if (!(await this.membership.setRole(role))) return;
    this.wantsWrite = false;
    this.options.log.info('role_changed', this.logFields);
    this.options.session.changed();
  }

  /** A viewer's echo goes out with its group's (SessionViewers.expectEcho), once per group. */
  expectEcho(): void {
    this.membership.expectEcho();
  }

  // GroupViewer: how a viewer group reaches this browser.

  deliver(frame: PreparedFrame): void {
    this.channel.output(frame);
  }

  groupEnded(sessionAlive: boolean): void {
    this.membership.groupEnded(sessionAlive);
  }

  resized(cols: number, rows: number): void {
    this.membership.resized(cols, rows);
  }

  /** Says hello, attaches to tmux, and starts relaying. */
  async start(): Promise<void> {
    const { session, identity } = this.options;
    session.members.add(this);
    this.channel.start();
    this.options.audit.write({ event: 'join', ...auditFields(this.party, this.role) });
    this.channel.send({
      type: 'hello',
      protocol: PROTOCOL_VERSION,
      session: session.name,
      clientId: this.clientId,
      user: identity.name,
      role: this.role,
      history: session.config.history !== false && this.options.history !== false,
    });
    await this.membership.start();
  }

  /** Sends `exit` with its reason, closes with the matching code, and disposes. */
  end(reason: ExitReason, message: string, serverFault = false): void {
    if (this.channel.closed) return;
    this.membership.flush();
    this.channel.send({ type: 'exit', reason, message });
    const code = closeCodeFor(reason, serverFault);
    this.options.log.info('client_ended', { ...this.logFields, reason, code });
    this.channel.close(code, reason);
    this.dispose();
  }

  dispose(): void {
    this.teardown.dispose();
  }

  private get logFields(): LogFields {
    return logFields(this.party, this.role, this.attachPid);
  }

  private release(): void {
    const { session, audit } = this.options;
    session.members.delete(this);
    session.changed();
    audit.write({
      event: 'leave',
      ...auditFields(this.party, this.role),
      durationMs: Date.now() - this.since.getTime(),
    });
    this.membership.dispose();
    this.channel.dispose();
  }

  private failed(error: unknown): void {
    this.options.log.error('connection_failed', { ...this.logFields, error: errorMessage(error) });
    this.end('error', 'The gateway could not handle a message.', true);
  }

  private onControl(message: ForwardedMessage): void {
    switch (message.type) {
      case 'resize':
        this.membership.resize(clampSize(message.cols, message.rows));
        return;
      case 'fit':
        this.membership.fitWindow();
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

  private onWriteRequest(): void {
    const { session, log, audit } = this.options;
    if (canWrite(this.role) || !session.writeRequests.tryRequest(this.identity)) {
      log.info('write_request_ignored', this.logFields);
      return;
    }
    this.wantsWrite = true;
    audit.write({ event: 'write-requested', ...auditFields(this.party, this.role) });
    session.changed();
  }
}
