// One terminal's WebSocket link to the gateway: control messages, input, acks, heartbeat, reconnects.

import type { Disposable } from '../../shared/lifecycle.js';
import {
  decodeServerMessage,
  encodeMessage,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/protocol.js';
import { canWrite, type Role } from '../../shared/roles.js';
import { sessionAccessProblem } from '../api/access.js';
import { AckBuffer } from '../logic/ackBuffer.js';
import { reconnectDelay } from '../logic/backoff.js';
import { closeOutcome, type EndReason, type ExitNotice } from '../logic/closePolicy.js';
import type { ConnectionOptions, ConnectionState } from './connectionEvents.js';
import { terminalSocketUrl } from './socketUrl.js';

export type {
  ConnectionEvents,
  ConnectionOptions,
  ConnectionState,
  HelloMessage,
} from './connectionEvents.js';

/** How often the page measures the round trip; also what keeps idle proxies from closing the link. */
export const PING_INTERVAL_MS = 5_000;

/**
 * A ping unanswered for this long means the link is dead even if the browser has not noticed (no
 * FIN seen). Counted from the ping, not the last pong: background tabs run timers once a minute.
 */
export const PONG_TIMEOUT_MS = 20_000;

/** Close code the page uses itself, for a link it abandons as dead (the browser never reports one). */
const ABANDONED_CLOSE_CODE = 1006;

/** Close code for a page that leaves on purpose. */
const NORMAL_CLOSE_CODE = 1000;

/** The state of one WebSocket; a reconnect makes a new one. */
interface Link {
  ws: WebSocket;
  acks: AckBuffer;
  opened: boolean;
  greeted: boolean;
  exit: ExitNotice | undefined;
  /** When the oldest unanswered ping was sent; undefined while every ping has been answered. */
  pingSentAt: number | undefined;
  pingTimer: ReturnType<typeof setInterval> | undefined;
}

export class Connection implements Disposable {
  private link: Link | undefined;
  private currentState: ConnectionState = 'connecting';
  private currentRole: Role | undefined;
  private attempt = 0;
  private greetedBefore = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly encoder = new TextEncoder();
  private readonly onOnline = (): void => this.retryNow();

  constructor(private readonly options: ConnectionOptions) {}

  get state(): ConnectionState {
    return this.currentState;
  }

  /** The role from the last hello or role message; undefined before the first hello. */
  get role(): Role | undefined {
    return this.currentRole;
  }

  start(): void {
    window.addEventListener('online', this.onOnline);
    this.connect();
  }

  /** Sends keyboard input. Dropped unless the gateway greeted this link and the role may write. */
  sendInput(data: string | Uint8Array): void {
    const link = this.link;
    if (link === undefined || !link.greeted || this.currentRole === undefined) return;
    if (!canWrite(this.currentRole) || link.ws.readyState !== WebSocket.OPEN) return;
    link.ws.send(typeof data === 'string' ? this.encoder.encode(data) : data);
  }

  resize(cols: number, rows: number): void {
    this.sendControl({ type: 'resize', cols, rows });
  }

  /** Viewer: follow the session's window again (after choosing an own size). */
  followWindow(): void {
    this.sendControl({ type: 'fit' });
  }

  /** Asks the owners for write access; false when there is no open, greeted link to ask on. */
  requestWrite(): boolean {
    return this.sendControl({ type: 'request-write' });
  }

  /** Leaves for good: closes the link and stops every timer. Reports nothing more. */
  dispose(): void {
    window.removeEventListener('online', this.onOnline);
    this.clearRetry();
    this.dropLink(NORMAL_CLOSE_CODE);
    this.currentState = 'ended';
  }

  private connect(): void {
    const { cols, rows } = this.options.size();
    const url = terminalSocketUrl(
      window.location,
      this.options.session,
      cols,
      rows,
      this.options.followsWindow(),
    );
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const link: Link = {
      ws,
      acks: new AckBuffer((bytes) => this.sendOn(link, { type: 'ack', bytes })),
      opened: false,
      greeted: false,
      exit: undefined,
      pingSentAt: undefined,
      pingTimer: undefined,
    };
    this.link = link;
    ws.addEventListener('open', () => {
      link.opened = true;
      link.pingTimer = setInterval(() => this.heartbeat(link), PING_INTERVAL_MS);
    });
    ws.addEventListener('message', (event: MessageEvent<unknown>) =>
      this.receive(link, event.data),
    );
    ws.addEventListener('close', (event) => this.closed(link, event.code));
  }

  private receive(link: Link, data: unknown): void {
    if (link !== this.link) return;
    if (data instanceof ArrayBuffer) {
      const bytes = new Uint8Array(data);
      this.options.events.output?.(bytes, () => link.acks.processed(bytes.byteLength));
      return;
    }
    if (typeof data !== 'string') return;
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      console.warn('tmuxgate: ignoring a control message:', decoded.error);
      return;
    }
    this.handle(link, decoded.message);
  }

  private handle(link: Link, message: ServerMessage): void {
    const events = this.options.events;
    switch (message.type) {
      case 'hello':
        link.greeted = true;
        this.attempt = 0;
        this.currentRole = message.role;
        events.hello?.(message, this.greetedBefore);
        this.greetedBefore = true;
        this.setState('connected');
        return;
      case 'role':
        this.currentRole = message.role;
        events.role?.(message.role);
        return;
      case 'presence':
        events.presence?.(message.clients, { total: message.total, viewers: message.viewers });
        return;
      case 'window':
        events.window?.(message.cols, message.rows);
        return;
      case 'pong':
        link.pingSentAt = undefined;
        events.roundTrip?.(Math.max(0, performance.now() - message.t));
        return;
      case 'exit':
        link.exit = { reason: message.reason, message: message.message };
        return;
      default: {
        const unreachable: never = message;
        return unreachable;
      }
    }
  }

  private heartbeat(link: Link): void {
    const now = performance.now();
    if (link.pingSentAt !== undefined && now - link.pingSentAt > PONG_TIMEOUT_MS) {
      this.closed(link, ABANDONED_CLOSE_CODE);
      return;
    }
    link.pingSentAt ??= now;
    this.sendOn(link, { type: 'ping', t: now });
  }

  private closed(link: Link, code: number): void {
    if (link !== this.link) return;
    const { opened, exit } = link;
    this.dropLink(code === ABANDONED_CLOSE_CODE ? NORMAL_CLOSE_CODE : undefined);
    const outcome = closeOutcome(code, exit);
    if (!outcome.retry) {
      this.end(outcome.reason, outcome.message);
      return;
    }
    this.setState(this.greetedBefore ? 'reconnecting' : 'connecting');
    if (opened) {
      this.scheduleRetry();
      return;
    }
    // The upgrade itself failed: the browser cannot tell why, so ask the HTTP API whether
    // retrying can help (login gone, or no access to this session) before waiting to retry.
    void sessionAccessProblem(this.options.session).then((problem) => {
      if (this.currentState === 'ended') return;
      if (problem === undefined) this.scheduleRetry();
      else this.end(problem, '');
    });
  }

  private scheduleRetry(): void {
    this.clearRetry();
    const delay = reconnectDelay(this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  /** The browser is back online: skip the rest of the backoff wait. */
  private retryNow(): void {
    if (this.retryTimer === undefined) return;
    this.clearRetry();
    this.connect();
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private end(reason: EndReason, message: string): void {
    window.removeEventListener('online', this.onOnline);
    this.clearRetry();
    this.setState('ended');
    this.options.events.ended?.(reason, message);
  }

  /** Forgets the current link; closes its socket with `closeCode` if one is given. */
  private dropLink(closeCode: number | undefined): void {
    const link = this.link;
    if (link === undefined) return;
    this.link = undefined;
    clearInterval(link.pingTimer);
    link.acks.dispose();
    if (closeCode !== undefined && link.ws.readyState <= WebSocket.OPEN) link.ws.close(closeCode);
  }

  /** Sends on the current link once greeted; false when it was not sent. */
  private sendControl(message: ClientMessage): boolean {
    return this.link?.greeted === true && this.sendOn(this.link, message);
  }

  private sendOn(link: Link, message: ClientMessage): boolean {
    if (link.ws.readyState !== WebSocket.OPEN) return false;
    link.ws.send(encodeMessage(message));
    return true;
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.options.events.state?.(state);
  }
}
