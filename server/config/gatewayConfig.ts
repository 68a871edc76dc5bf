// The gateway's typed configuration. Everything the server does is decided from this object,
// which main.ts builds (embedded default, or a config file) and createServer() receives.

import { join } from 'node:path';
import type { Role } from '../shared/roles.js';
import type { ListenConfig, OperationsConfig } from './operationsConfig.js';

/** Default listen address: loopback only, so nothing is exposed until someone decides to. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7681;

/** The session `tmuxgate serve` creates when run without a config file. */
export const EMBEDDED_SESSION_NAME = 'main';
export const EMBEDDED_SOCKET_FILE = 'tmux.sock';

export interface SessionConfig {
  /** The name in URLs: [A-Za-z0-9_-]{1,64}. */
  name: string;
  /** Path of the tmux server socket (`tmux -S`). Never taken from a request. */
  socket: string;
  /** tmux session name on that socket, always addressed exactly (`=target`). */
  target: string;
  /** Create the tmux session (with a minimal environment) when it is missing. */
  create: boolean;
  /** User name (or "*" for any signed-in user) → role. Admins are owners of every session. */
  access: Record<string, Role>;
  /** Record it to asciicast files under <stateDir>/recordings (default false; owners toggle it live). */
  record?: boolean;
}

/** Limits of session recordings (docs/recording.md). */
export interface RecordingConfig {
  /** A file is closed and a new one started before it would grow past this many bytes. */
  maxFileBytes: number;
  /** … or once it covers this many seconds. */
  maxFileSeconds: number;
  /** Files last written more than this many days ago are removed. */
  retentionDays: number;
}

/** 50 MB and one hour per file keep each download and each replay quick; a month of history. */
export const DEFAULT_RECORDING: RecordingConfig = {
  maxFileBytes: 50 * 1024 * 1024,
  maxFileSeconds: 60 * 60,
  retentionDays: 30,
};

/** What one gateway accepts, whoever asks (docs/operations.md). Over a limit: a clear refusal and a log line. */
export interface LimitsConfig {
  /** Largest WebSocket frame from a browser; larger ones close the socket with 1009. */
  maxFrameBytes: number;
  /** Keyboard input one client may send per second, on average (bursts of a few seconds allowed); past it the client is closed with exit error (4400). */
  inputBytesPerSecond: number;
  /** Browsers at once on one session; the next upgrade gets 503. */
  clientsPerSession: number;
  /** Browsers at once on the whole gateway; the next upgrade gets 503. */
  totalClients: number;
  /** Browsers at once on one login (one sign-in, one guest's link use), all sessions; the next gets 429. */
  clientsPerLogin: number;
  /** Browsers at once from one address (X-Forwarded-For from trusted proxies); the next gets 429. */
  clientsPerAddress: number;
  /**
   * Of clientsPerSession and totalClients, the last places kept for the session's own writers and
   * owners: guests and viewers get 503 before them.
   */
  reservedClientsPerSession: number;
  /** Largest JSON request body; larger ones get 413. */
  httpBodyBytes: number;
  /**
   * Viewer groups at a size of their own (one tmux client and one headless terminal each) at once
   * on one session; past it a viewer shares the largest that fits inside its size, or else the
   * window's group. 0: every viewer sees the window.
   */
  ownSizeGroupsPerSession: number;
  /**
   * Control messages (resize, fit, ping, request-write, and acks of less than a chunk) one
   * browser may send per second, on average (bursts of a few seconds allowed); past it the
   * client is closed with exit limit (4429).
   */
  controlMessagesPerSecond: number;
}

/**
 * A paste of a large file is about 1 MB; keystrokes are a few bytes. 2,000 browsers is this
 * design's goal on two cores; 500 on one session leaves room for others. One person rarely has
 * more than a few tabs open (32 is generous); half a session from one address still lets an
 * office behind one NAT watch a presentation, while no single address can fill a session; 10
 * places are enough for every responder of an incident to join a session full of watchers.
 * An own-size group at the
 * largest size (1000x500) holds about 12 MB in the gateway: 8 bound a session to about 100 MB,
 * and viewers follow the window unless they choose otherwise, so few sizes are ever wanted. A
 * page sends at most about 25 control messages a second (a resize and a partial ack every
 * 100 ms, a ping every 5 s): 50 is twice that.
 */
export const DEFAULT_LIMITS: LimitsConfig = {
  maxFrameBytes: 1024 * 1024,
  inputBytesPerSecond: 1024 * 1024,
  clientsPerSession: 500,
  totalClients: 2000,
  clientsPerLogin: 32,
  clientsPerAddress: 250,
  reservedClientsPerSession: 10,
  httpBodyBytes: 16 * 1024,
  ownSizeGroupsPerSession: 8,
  controlMessagesPerSecond: 50,
};

/** The audit log rotates by size: `audit.log.1` … `audit.log.<retainFiles>`, the oldest removed. */
export interface AuditRotationConfig {
  /** A file is rotated before a line would take it past this many bytes. */
  maxFileBytes: number;
  /** Rotated files kept besides the current one. */
  retainFiles: number;
}

export interface UserConfig {
  /** Login name: [A-Za-z0-9_.@-]{1,64}. */
  name: string;
  /** scrypt hash from `tmuxgate hash-password` (never a plain password). */
  passwordHash: string;
  /** Gateway-wide administrator: owner of every session. */
  admin: boolean;
}

// ── Authentication beyond local passwords (docs/auth.md) ──

/** Sign-in through an OpenID Connect provider: authorization code flow with PKCE, state and nonce. */
export interface OidcConfig {
  /** The issuer URL; its /.well-known/openid-configuration is read at the first sign-in. */
  issuer: string;
  clientId: string;
  /** The client secret, given inline … */
  clientSecret?: string | undefined;
  /** … or as the path of a file holding it (read at start); exactly one of the two. */
  clientSecretFile?: string | undefined;
  /** Scopes requested; always includes openid. */
  scopes: string[];
  /** The claim (ID token or userinfo) holding the user name. */
  usernameClaim: string;
  /** The claim holding the user's groups (a list of strings). */
  groupsClaim: string;
  /** Shown on the login page as "Sign in with <displayName>". */
  displayName: string;
}

/** Sign-in by a trusted reverse proxy (oauth2-proxy, Pomerium, Cloudflare Access) in a header. */
export interface ProxyAuthConfig {
  /** Header carrying the user name, believed only from trustedProxies. */
  userHeader: string;
  /** Header carrying the user's groups, comma-separated. */
  groupsHeader?: string | undefined;
  /** CIDR blocks of the proxies' own addresses (the TCP peer, never X-Forwarded-For). */
  trustedProxies: string[];
}

export interface AuthConfig {
  /** Password users (`users`) may sign in. Default true. */
  local: boolean;
  oidc?: OidcConfig | undefined;
  proxy?: ProxyAuthConfig | undefined;
}

/** Also TLS, trusted proxies, metrics and logs: see operationsConfig.ts. */
export interface GatewayConfig extends OperationsConfig {
  listen: ListenConfig;
  /** Local users who sign in with a password. Empty in the embedded default (one-time link only). */
  users: UserConfig[];
  /** External URL (for share links and the Origin check) when behind a proxy. */
  publicUrl?: string;
  /**
   * More host names (or addresses) the gateway answers to, besides publicUrl's host, listen.host
   * and the loopback names: what a proxy passes on as Host, the machine's names on a wildcard
   * bind. Any other Host gets 421 (DNS rebinding, docs/configuration.md).
   */
  allowedHosts?: string[];
  /** Private directory for the cookie secret, sockets and state; created 0700. */
  stateDir: string;
  sessions: SessionConfig[];
  /** Limits of session recordings; DEFAULT_RECORDING when absent. */
  recording?: RecordingConfig;
  /** Rotation of the audit log; DEFAULT_AUDIT_ROTATION (audit.ts) when absent. */
  audit?: AuditRotationConfig;
  /** Limits on clients and their input; DEFAULT_LIMITS when absent. */
  limits?: LimitsConfig;
  /** How people sign in besides local passwords; absent: local passwords only. */
  auth?: AuthConfig;
}

export function embeddedDefaultConfig(
  stateDir: string,
  listen: { host: string; port: number },
): GatewayConfig {
  return {
    listen,
    users: [],
    stateDir,
    sessions: [
      {
        name: EMBEDDED_SESSION_NAME,
        socket: join(stateDir, EMBEDDED_SOCKET_FILE),
        target: EMBEDDED_SESSION_NAME,
        create: true,
        access: {},
        record: false,
      },
    ],
  };
}
