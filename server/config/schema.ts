// The one zod schema of the gateway's configuration (the auth, operations and limits sections
// come from auth.ts, operations.ts and limits.ts), and the keys each mapping knows. Its output,
// every section filled in, is the GatewayConfig type (gatewayConfig.ts).

import { isIP } from 'node:net';
import * as z from 'zod';
import { NAME_PATTERN, NAME_RULE } from '../../shared/names.js';
import { ROLES } from '../../shared/roles.js';
import { defaultStateDir } from '../state/stateDir.js';
import { authKnownKeys, authSchema } from './auth.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.js';
import { historySchema } from './history.js';
import { auditSchema, limitsSchema, recordingSchema } from './limits.js';
import { operationsKnownKeys, operationsShape, tlsSchema } from './operations.js';
import { isPasswordHash } from './passwordHash.js';
import { USER_NAME_PATTERN, USER_NAME_RULE } from './principalNames.js';
import { BOOLEAN_RULE, absolutePathField, hostField, isHost, portField, rule } from './rules.js';

/** The one user name a JavaScript object cannot hold as a key, so access maps could not name it. */
const RESERVED_USER_NAME = '__proto__';
/** The access key that matches any signed-in user. */
export const ANY_USER = '*';
/** sun_path holds 108 bytes on Linux and 104 on macOS; 100 fits everywhere, with the NUL. */
const MAX_SOCKET_PATH_BYTES = 100;

const HASH_RULE = 'not a password hash; create one with tmuxgate hash-password';
const URL_RULE =
  'must be an http or https URL without path, query or credentials, like https://tmux.example.com';
const ALLOWED_HOST_RULE =
  'must be a host name or an IP address, without scheme, port or wildcard, like tmux.internal';
/** Names a gateway answers to are few (a proxy's, the machine's); a long list is a mistake. */
const MAX_ALLOWED_HOSTS = 64;
const ABSOLUTE_PATH_RULE = 'must be an absolute path';
const ROLE_RULE = `must be ${ROLES.slice(0, -1).join(', ')} or ${ROLES.at(-1)}`;

/** An origin-only http(s) URL: what browsers send as Origin and what share links start with. */
function isPublicUrl(value: string): boolean {
  if (!URL.canParse(value) || /[?#]/.test(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/'
  );
}

/** An allowedHosts entry: a name or an address; an IPv6 address may be written in brackets. */
function isAllowedHostEntry(value: string): boolean {
  const bare = /^\[.*\]$/.test(value) ? value.slice(1, -1) : value;
  return bare === value ? isHost(value) : isIP(bare) === 6;
}

const absolutePath = absolutePathField(ABSOLUTE_PATH_RULE);

/** Where the gateway listens. */
export const listenSchema = z.strictObject(
  {
    /** Address or name to bind; loopback by default, so nothing is exposed until someone decides to. */
    host: hostField('must be a host name or an IP address').default(DEFAULT_HOST),
    /** TCP port; 0 picks a free one. */
    port: portField(0).default(DEFAULT_PORT),
    /** Serve https and wss with this certificate; absent: plain http (loopback, or behind a TLS proxy). */
    tls: tlsSchema.optional(),
  },
  rule('must be a mapping with host and port'),
);

/** A local user, who signs in with a password. */
export const userSchema = z.strictObject(
  {
    /** Login name: [A-Za-z0-9_.@-]{1,64}. */
    name: z
      .string(rule(USER_NAME_RULE))
      .regex(USER_NAME_PATTERN, USER_NAME_RULE)
      .refine((name) => name !== RESERVED_USER_NAME, `"${RESERVED_USER_NAME}" is reserved`),
    /** scrypt hash from `tmuxgate hash-password` (never a plain password). */
    // Never echo this value in an error: it may be a plain password pasted by mistake.
    passwordHash: z
      .string(rule(HASH_RULE, 'required; create one with tmuxgate hash-password'))
      .refine(isPasswordHash, HASH_RULE),
    /** Gateway-wide administrator: owner of every session. */
    admin: z.boolean(rule(BOOLEAN_RULE)).default(false),
  },
  rule('must be a mapping with name and passwordHash'),
);

/** A tmux session the gateway serves. */
export const sessionSchema = z.strictObject(
  {
    /** The name in URLs: [A-Za-z0-9_-]{1,64}. */
    name: z.string(rule(NAME_RULE)).regex(NAME_PATTERN, NAME_RULE),
    /** Path of the tmux server socket (`tmux -S`). Never taken from a request. */
    socket: absolutePath.refine(
      (path) => Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES,
      `must be at most ${MAX_SOCKET_PATH_BYTES} bytes long (the limit of a Unix socket path)`,
    ),
    /** tmux session name on that socket, always addressed exactly (`=target`). */
    target: z.string(rule(NAME_RULE)).regex(NAME_PATTERN, NAME_RULE),
    /** Create the tmux session (with a minimal environment) when it is missing. */
    create: z.boolean(rule(BOOLEAN_RULE)).default(false),
    /**
     * Record it to asciicast files under <stateDir>/recordings (owners toggle it live). Parsed as
     * false when absent; optional in the type so a session written in code may leave it out.
     */
    record: z.boolean(rule(BOOLEAN_RULE)).default(false).optional(),
    /**
     * Everyone who may open it may read its panes' history (docs/history.md); share links may
     * still turn it off for their guests. Parsed as true when absent; optional like `record`.
     */
    history: z.boolean(rule(BOOLEAN_RULE)).default(true).optional(),
    /** User name (or "*" for any signed-in user) → role. Admins are owners of every session. */
    // Keys are checked against the configured users in crossCheck().
    access: z
      .record(
        z.string(),
        z.enum(ROLES, rule(ROLE_RULE)),
        rule(`must be a mapping from user name (or "${ANY_USER}") to role`),
      )
      .default(() => ({})),
  },
  rule('must be a mapping with name, socket and target'),
);

export const configSchema = z.strictObject(
  {
    listen: listenSchema.prefault({}),
    /** External URL (for share links and the Origin check) when behind a proxy. */
    publicUrl: z
      .string(rule(URL_RULE))
      .refine(isPublicUrl, URL_RULE)
      .transform((url) => new URL(url).origin)
      .optional(),
    /**
     * More host names (or addresses) the gateway answers to, besides publicUrl's host, listen.host
     * and the loopback names: what a proxy passes on as Host, the machine's names on a wildcard
     * bind. Any other Host gets 421 (DNS rebinding, docs/configuration.md).
     */
    allowedHosts: z
      .array(
        z.string(rule(ALLOWED_HOST_RULE)).refine(isAllowedHostEntry, ALLOWED_HOST_RULE),
        rule('must be a list of host names'),
      )
      .max(MAX_ALLOWED_HOSTS, `must list at most ${MAX_ALLOWED_HOSTS} names`)
      .default(() => []),
    /** Private directory for the cookie secret, sockets and state; created 0700. */
    stateDir: absolutePath.default(() => defaultStateDir()),
    /** Local users who sign in with a password. Empty in the embedded default (one-time link only). */
    users: z.array(userSchema, rule('must be a list of users')).default(() => []),
    sessions: z
      .array(
        sessionSchema,
        rule('must be a list of sessions', 'required (list at least one session)'),
      )
      .min(1, 'must list at least one session'),
    recording: recordingSchema.prefault({}),
    history: historySchema.prefault({}),
    audit: auditSchema.prefault({}),
    limits: limitsSchema.prefault({}),
    /** How people sign in besides local passwords; by default local passwords only. */
    auth: authSchema.prefault({}),
    ...operationsShape,
  },
  rule('must be a mapping of settings'),
);

/** Known keys of the mapping at `path`, to suggest when a key is unknown. */
export function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path[0] === 'auth') return authKnownKeys(path);
  const operations = operationsKnownKeys(path);
  if (operations) return operations;
  const shape =
    path.length === 0
      ? configSchema.shape
      : path[0] === 'listen'
        ? listenSchema.shape
        : path[0] === 'users'
          ? userSchema.shape
          : path[0] === 'recording'
            ? recordingSchema.shape
            : path[0] === 'history'
              ? historySchema.shape
              : path[0] === 'audit'
                ? auditSchema.shape
                : path[0] === 'limits'
                  ? limitsSchema.shape
                  : sessionSchema.shape;
  return Object.keys(shape);
}
