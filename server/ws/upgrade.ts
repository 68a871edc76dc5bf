// Authenticates and authorises a WebSocket upgrade before any WebSocket exists: Origin, login
// cookie, session and role. A check that fails throws the HttpError that an HTTP request would
// get, and that answer is written on the raw socket (http/errors.ts).

import { historyAllowed } from '../history/historyAccess.js';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { isValidName } from '../../shared/names.js';
import {
  parseTerminalSocketTarget,
  type TerminalSocketTarget,
} from '../../shared/terminalSocket.js';
import type { AuditLog } from '../audit.js';
import { identityFields } from '../auth/auditFields.js';
import type { Authenticated, Authenticator } from '../auth/authenticator.js';
import { BadProxyIdentity } from '../auth/proxyLogin.js';
import { WRONG_HOST_CODE, WRONG_HOST_MESSAGE, WRONG_HOST_STATUS } from '../http/hostCheck.js';
import { clientAnswer, HttpError, refuseUpgrade, signInFirst } from '../http/errors.js';
import { parseRequestTarget } from '../http/requestTarget.js';
import type { LimitsConfig } from '../config/gatewayConfig.js';
import type { GatewayMetrics } from '../metrics/gatewayMetrics.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import { roleFor } from '../sessions/access.js';
import { ConnectionTally, admissionRefusal } from '../sessions/admission.js';
import { canWrite, type Role } from '../../shared/roles.js';
import type { LiveSession, SessionRegistry } from '../sessions/sessionRegistry.js';
import { TerminalConnection, type TerminalConnectionOptions } from './terminalConnection.js';

/** A client id: 72 random bits (12 base64url characters), not guessable by other clients. */
const CLIENT_ID_BYTES = 9;
const UPGRADE_FAILED_MESSAGE = 'The upgrade could not be handled.';

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
  /** Whether the guests of share link `id` may read history (hello.history); default: yes. */
  linkAllowsHistory?: ((linkId: string) => boolean) | undefined;
}

/** An upgrade that passed every check: who opens which session, as what, at what size. */
interface Admission {
  authenticated: Authenticated;
  session: LiveSession;
  role: Role;
  /** One login is one sign-in (or one guest's use of a link); a proxy's user has no cookie. */
  loginKey: string;
  terminal: TerminalSocketTarget;
  ip: string | undefined;
}

/** Host, request target, path and Origin; returns the terminal asked for. */
function checkRequest(context: UpgradeContext, req: IncomingMessage, ip: string | undefined) {
  const { log, audit } = context;
  if (!context.isAllowedHost(req)) {
    log.warn('upgrade_refused', { reason: 'host', ip });
    throw new HttpError(WRONG_HOST_STATUS, WRONG_HOST_CODE, WRONG_HOST_MESSAGE);
  }
  const target = parseRequestTarget(req.url);
  if (!target) {
    log.warn('upgrade_refused', { reason: 'bad-request', ip });
    throw new HttpError(400, 'bad_request', 'The request target is not a path.');
  }
  const terminal = parseTerminalSocketTarget(target.pathname, target.query);
  if (!terminal) throw new HttpError(404, 'not_found', 'No such endpoint.');
  if (!context.isAllowedOrigin(req)) {
    audit.write({ event: 'upgrade-denied', ip, reason: 'origin' });
    log.warn('upgrade_refused', { reason: 'origin', origin: req.headers.origin ?? null });
    throw new HttpError(403, 'bad_origin', 'This origin may not open terminals here.');
  }
  return terminal;
}

/** The login cookie or the trusted proxy's identity, through the same Authenticator as HTTP. */
function authenticate(context: UpgradeContext, req: IncomingMessage, ip: string | undefined) {
  let authenticated: Authenticated | null;
  try {
    authenticated = context.auth.authenticate(req);
  } catch (error) {
    if (error instanceof BadProxyIdentity) {
      context.audit.write({ event: 'upgrade-denied', ip, reason: 'bad-proxy-identity' });
    }
    throw error;
  }
  if (!authenticated) {
    context.audit.write({ event: 'upgrade-denied', ip, reason: 'unauthenticated' });
    throw signInFirst();
  }
  return authenticated;
}

/** The session and this person's role in it. */
function authorize(
  context: UpgradeContext,
  { identity }: Authenticated,
  name: string,
  ip: string | undefined,
) {
  const session = isValidName(name) ? context.sessions.get(name) : undefined;
  const role = session ? roleFor(session.config, identity) : undefined;
  // A session this person may not open gets the very answer a made-up name gets, before any
  // other check (capacity) could tell the two apart: session names are not enumerable.
  if (!session || !role) {
    context.audit.write({
      event: 'upgrade-denied',
      ...identityFields(identity),
      ip,
      ...(session ? { session: name } : {}),
      reason: session ? 'no-access' : 'unknown-session',
    });
    if (session) {
      context.log.warn('upgrade_refused', { reason: 'access', user: identity.name, session: name });
    }
    throw new HttpError(404, 'unknown_session', 'No such session.');
  }
  return { session, role };
}

/** The caps: places in the session and the gateway, terminals per login and per address. */
function checkCapacity(context: UpgradeContext, tally: ConnectionTally, admission: Admission) {
  const { authenticated, session, role, loginKey, ip } = admission;
  const { identity } = authenticated;
  const refusal = admissionRefusal(
    context.limits,
    {
      session: session.members.size,
      total: context.sessions.memberCount(),
      ...tally.count(loginKey, ip),
    },
    identity.kind !== 'guest' && canWrite(role),
  );
  if (!refusal) return;
  context.audit.write({
    event: 'upgrade-denied',
    ...identityFields(identity),
    ip,
    session: session.name,
    reason: refusal.reason,
  });
  context.log.warn('upgrade_refused', {
    reason: refusal.reason,
    user: identity.name,
    session: session.name,
  });
  throw new HttpError(refusal.status, refusal.code, refusal.message);
}

/** Every check in order; throws the HttpError that refuses the upgrade. */
function admit(
  context: UpgradeContext,
  tally: ConnectionTally,
  req: IncomingMessage,
  ip: string | undefined,
): Admission {
  const terminal = checkRequest(context, req, ip);
  const authenticated = authenticate(context, req, ip);
  const { session, role } = authorize(context, authenticated, terminal.session, ip);
  const { identity, login } = authenticated;
  const loginKey = login?.id ?? `${identity.kind}:${identity.name}`;
  const admission = { authenticated, session, role, loginKey, terminal, ip };
  checkCapacity(context, tally, admission);
  return admission;
}

/** The browser's terminal on an accepted WebSocket; it ends when the login it came with ends. */
function startConnection(context: UpgradeContext, ws: WebSocket, admission: Admission): void {
  const { authenticated, session, role, terminal, ip } = admission;
  const { identity, login } = authenticated;
  const { audit, log, limits } = context;
  const connection = new TerminalConnection({
    ws,
    session,
    identity,
    role,
    clientId: randomBytes(CLIENT_ID_BYTES).toString('base64url'),
    cols: terminal.cols,
    rows: terminal.rows,
    fit: terminal.fit,
    ip,
    audit,
    log,
    onInput: context.onInput,
    heartbeatMs: context.heartbeatMs,
    inputBytesPerSecond: limits.inputBytesPerSecond,
    controlMessagesPerSecond: limits.controlMessagesPerSecond,
    metrics: context.metrics?.forConnection(session.name),
    history: historyAllowed(session.config, identity, context.linkAllowsHistory ?? (() => true)),
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
}

export function createUpgradeHandler(context: UpgradeContext) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: context.limits.maxFrameBytes,
    perMessageDeflate: false,
  });
  /** Open terminals per login and per address, for the caps. */
  const tally = new ConnectionTally();

  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer, admission: Admission) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', tally.open(admission.loginKey, admission.ip));
      try {
        startConnection(context, ws, admission);
      } catch (error) {
        context.log.error('connection_start_failed', { error: errorMessage(error) });
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
      accept(req, socket, head, admit(context, tally, req, ip));
    } catch (error) {
      const refusal = clientAnswer(error);
      if (refusal) {
        refuseUpgrade(socket, refusal);
        return;
      }
      context.log.error('upgrade_failed', { ip, error: errorMessage(error) });
      if (!socket.writable) socket.destroy();
      else refuseUpgrade(socket, new HttpError(400, 'bad_request', UPGRADE_FAILED_MESSAGE));
    }
  };

  return { handle, close: () => wss.close() };
}

export type UpgradeHandler = ReturnType<typeof createUpgradeHandler>;
