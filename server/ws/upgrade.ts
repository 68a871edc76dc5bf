// Authenticates and authorises a WebSocket upgrade before any WebSocket exists: Origin, login
// cookie, session and role. A refused upgrade gets a plain HTTP status on the raw socket.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { clampSize } from '../../shared/protocol.js';
import { isValidName } from '../../shared/names.js';
import type { AuditLog } from '../audit.js';
import { identityFields } from '../auth/auditFields.js';
import type { Authenticated, Authenticator } from '../auth/authenticator.js';
import { BadProxyIdentity } from '../auth/proxyLogin.js';
import { WRONG_HOST_CODE, WRONG_HOST_MESSAGE, WRONG_HOST_STATUS } from '../http/hostCheck.js';
import { signInFirst } from '../http/errors.js';
import { parseRequestTarget } from '../http/requestTarget.js';
import type { LimitsConfig } from '../config.js';
import type { GatewayMetrics } from '../metrics/gatewayMetrics.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import { roleFor } from '../sessions/access.js';
import { ConnectionTally, admissionRefusal } from '../sessions/admission.js';
import { canWrite } from '../../shared/roles.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import { TerminalConnection, type TerminalConnectionOptions } from './terminalConnection.js';

const DEFAULT_COLS = 80;
const DEFAULT_ROWS = 24;
const WS_PATH = /^\/api\/sessions\/([^/]+)\/ws$/;

export interface UpgradeContext {
  sessions: SessionRegistry;
  auth: Authenticator;
  /** The Host check (http/hostCheck.ts): a request for another name is refused before anything. */
  isAllowedHost: (req: IncomingMessage) => boolean;
  isAllowedOrigin: (req: IncomingMessage) => boolean;
  audit: AuditLog;
  log: Logger;
  /** A writer's input as it goes to tmux (session recording). */
  onInput?: TerminalConnectionOptions['onInput'];
  heartbeatMs?: number | undefined;
  limits: LimitsConfig;
  /** The browser's address (X-Forwarded-For only from trusted proxies); default: the peer. */
  clientAddress?: (req: IncomingMessage) => string | undefined;
  /** Counters for each connection, when metrics are on. */
  metrics?: GatewayMetrics | undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  421: 'Misdirected Request',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return '';
  }
}

function sizeParam(value: string | null, fallback: number): number {
  const parsed = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

export function createUpgradeHandler(context: UpgradeContext) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: context.limits.maxFrameBytes,
    perMessageDeflate: false,
  });

  /** Open terminals per login and per address, for the caps. */
  const tally = new ConnectionTally();

  const admit = (req: IncomingMessage, socket: Duplex, head: Buffer, ip: string | undefined) => {
    const { log, audit } = context;
    if (!context.isAllowedHost(req)) {
      log.warn('upgrade_refused', { reason: 'host', ip });
      refuse(socket, WRONG_HOST_STATUS, WRONG_HOST_CODE, WRONG_HOST_MESSAGE);
      return;
    }
    const target = parseRequestTarget(req.url);
    if (!target) {
      log.warn('upgrade_refused', { reason: 'bad-request', ip });
      refuse(socket, 400, 'bad_request', 'The request target is not a path.');
      return;
    }
    const match = WS_PATH.exec(target.pathname);
    if (!match) {
      refuse(socket, 404, 'not_found', 'No such endpoint.');
      return;
    }
    if (!context.isAllowedOrigin(req)) {
      audit.write({ event: 'upgrade-denied', ip, reason: 'origin' });
      log.warn('upgrade_refused', { reason: 'origin', origin: req.headers.origin ?? null });
      refuse(socket, 403, 'bad_origin', 'This origin may not open terminals here.');
      return;
    }
    let authenticated: Authenticated | null;
    try {
      authenticated = context.auth.authenticate(req);
    } catch (error) {
      if (!(error instanceof BadProxyIdentity)) throw error;
      audit.write({ event: 'upgrade-denied', ip, reason: 'bad-proxy-identity' });
      refuse(socket, 400, error.code, error.message);
      return;
    }
    if (!authenticated) {
      audit.write({ event: 'upgrade-denied', ip, reason: 'unauthenticated' });
      const refusal = signInFirst();
      refuse(socket, refusal.status, refusal.code, refusal.message);
      return;
    }
    const { identity, login } = authenticated;
    const name = safeDecode(match[1] ?? '');
    const session = isValidName(name) ? context.sessions.get(name) : undefined;
    const role = session ? roleFor(session.config, identity) : undefined;
    // A session this person may not open gets the very answer a made-up name gets, before any
    // other check (capacity) could tell the two apart: session names are not enumerable.
    if (!session || !role) {
      audit.write({
        event: 'upgrade-denied',
        ...identityFields(identity),
        ip,
        ...(session ? { session: name } : {}),
        reason: session ? 'no-access' : 'unknown-session',
      });
      if (session)
        log.warn('upgrade_refused', { reason: 'access', user: identity.name, session: name });
      refuse(socket, 404, 'unknown_session', 'No such session.');
      return;
    }
    // One login is one sign-in (or one guest's use of a link); a proxy's user has no cookie.
    const loginKey = login?.id ?? `${identity.kind}:${identity.name}`;
    const refusal = admissionRefusal(
      context.limits,
      {
        session: session.members.size,
        total: context.sessions.memberCount(),
        ...tally.count(loginKey, ip),
      },
      identity.kind !== 'guest' && canWrite(role),
    );
    if (refusal) {
      audit.write({
        event: 'upgrade-denied',
        ...identityFields(identity),
        ip,
        session: name,
        reason: refusal.reason,
      });
      log.warn('upgrade_refused', { reason: refusal.reason, user: identity.name, session: name });
      refuse(socket, refusal.status, refusal.code, refusal.message);
      return;
    }
    const size = clampSize(
      sizeParam(target.query.get('cols'), DEFAULT_COLS),
      sizeParam(target.query.get('rows'), DEFAULT_ROWS),
    );
    const startConnection = (ws: WebSocket) => {
      const connection = new TerminalConnection({
        ws,
        session,
        identity,
        role,
        clientId: randomBytes(9).toString('base64url'),
        cols: size.cols,
        rows: size.rows,
        fit: target.query.get('fit') === '1',
        ip,
        audit,
        log,
        onInput: context.onInput,
        heartbeatMs: context.heartbeatMs,
        inputBytesPerSecond: context.limits.inputBytesPerSecond,
        controlMessagesPerSecond: context.limits.controlMessagesPerSecond,
        metrics: context.metrics?.forConnection(session.name),
      });
      connection.start().catch((error: unknown) => {
        log.error('connection_start_failed', { error: errorMessage(error) });
        connection.end('error', 'The terminal could not be started.', true);
      });
      if (login) {
        const unwatch = context.auth.watch(login, () =>
          connection.end('signed-out', 'Your login ended. Sign in again.'),
        );
        ws.once('close', unwatch);
      }
    };
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', tally.open(loginKey, ip));
      try {
        startConnection(ws);
      } catch (error) {
        log.error('connection_start_failed', { error: errorMessage(error) });
        ws.terminate();
      }
    });
  };

  /** The boundary around every upgrade: whatever goes wrong ends this socket, never the process. */
  const handle = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    let ip: string | undefined;
    try {
      ip = context.clientAddress ? context.clientAddress(req) : req.socket.remoteAddress;
      admit(req, socket, head, ip);
    } catch (error) {
      context.log.error('upgrade_failed', { ip, error: errorMessage(error) });
      if (socket.writable) refuse(socket, 400, 'bad_request', 'The upgrade could not be handled.');
      else socket.destroy();
    }
  };

  return { handle, close: () => wss.close() };
}

export type UpgradeHandler = ReturnType<typeof createUpgradeHandler>;
