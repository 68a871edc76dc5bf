// The zod schema of the configuration file (all but the auth and operations sections, which
// configAuth.ts and operationsConfigSchema.ts add), and the keys each mapping knows.

import { isIP } from 'node:net';
import * as z from 'zod';
import { NAME_PATTERN, NAME_RULE } from '../shared/names.js';
import { ROLES } from '../shared/roles.js';
import { isPasswordHash } from './passwordHash.js';
import { USER_NAME_PATTERN, USER_NAME_RULE } from './principalNames.js';
import { authKnownKeys, authSchema } from './configAuth.js';
import { DEFAULT_HOST, DEFAULT_LIMITS, DEFAULT_PORT, DEFAULT_RECORDING } from './config.js';
import { BOOLEAN_RULE, MAX_PORT, absolutePathField, isHost, rule } from './configRules.js';
import { defaultStateDir } from './state/stateDir.js';
import { DEFAULT_AUDIT_ROTATION } from './audit.js';
import { operationsKnownKeys, operationsShape, tlsSchema } from './operationsConfigSchema.js';

/** The one user name a JavaScript object cannot hold as a key, so access maps could not name it. */
const RESERVED_USER_NAME = '__proto__';
/** The access key that matches any signed-in user. */
export const ANY_USER = '*';
/** sun_path holds 108 bytes on Linux and 104 on macOS; 100 fits everywhere, with the NUL. */
const MAX_SOCKET_PATH_BYTES = 100;

const HASH_RULE = 'not a password hash; create one with tmuxgate hash-password';
const PORT_RULE = `must be a whole number from 0 to ${MAX_PORT}`;
const HOST_RULE = 'must be a host name or an IP address';
const URL_RULE =
  'must be an http or https URL without path, query or credentials, like https://tmux.example.com';
const ALLOWED_HOST_RULE =
  'must be a host name or an IP address, without scheme, port or wildcard, like tmux.internal';
/** Names a gateway answers to are few (a proxy's, the machine's); a long list is a mistake. */
const MAX_ALLOWED_HOSTS = 64;
const ABSOLUTE_PATH_RULE = 'must be an absolute path';
const ROLE_RULE = `must be ${ROLES.slice(0, -1).join(', ')} or ${ROLES.at(-1)}`;

/** Recording limits: below these a file would rotate on every screen redraw, or vanish too soon. */
const MIN_RECORDING_FILE_BYTES = 64 * 1024;
const MAX_RECORDING_FILE_BYTES = 1024 ** 4;
const MIN_RECORDING_FILE_SECONDS = 60;
const MAX_RECORDING_FILE_SECONDS = 7 * 24 * 60 * 60;
const MAX_RETENTION_DAYS = 36500;
/** Audit files: below 64 KiB a day's logins would rotate away the morning; 1,000 files at most. */
const MIN_AUDIT_FILE_BYTES = 64 * 1024;
const MAX_AUDIT_FILE_BYTES = 1024 ** 4;
const MAX_AUDIT_RETAIN_FILES = 1000;

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

const listenSchema = z.strictObject(
  {
    host: z.string(rule(HOST_RULE)).refine(isHost, HOST_RULE).default(DEFAULT_HOST),
    port: z.int(rule(PORT_RULE)).min(0, PORT_RULE).max(MAX_PORT, PORT_RULE).default(DEFAULT_PORT),
    tls: tlsSchema.optional(),
  },
  rule('must be a mapping with host and port'),
);

const userSchema = z.strictObject(
  {
    name: z
      .string(rule(USER_NAME_RULE))
      .regex(USER_NAME_PATTERN, USER_NAME_RULE)
      .refine((name) => name !== RESERVED_USER_NAME, `"${RESERVED_USER_NAME}" is reserved`),
    // Never echo this value in an error: it may be a plain password pasted by mistake.
    passwordHash: z
      .string(rule(HASH_RULE, 'required; create one with tmuxgate hash-password'))
      .refine(isPasswordHash, HASH_RULE),
    admin: z.boolean(rule(BOOLEAN_RULE)).default(false),
  },
  rule('must be a mapping with name and passwordHash'),
);

const sessionSchema = z.strictObject(
  {
    name: z.string(rule(NAME_RULE)).regex(NAME_PATTERN, NAME_RULE),
    socket: absolutePath.refine(
      (path) => Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES,
      `must be at most ${MAX_SOCKET_PATH_BYTES} bytes long (the limit of a Unix socket path)`,
    ),
    target: z.string(rule(NAME_RULE)).regex(NAME_PATTERN, NAME_RULE),
    create: z.boolean(rule(BOOLEAN_RULE)).default(false),
    record: z.boolean(rule(BOOLEAN_RULE)).default(false),
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

/** A whole number from `min` to `max`, with that rule as its error. */
function wholeNumber(min: number, max: number) {
  const text = `must be a whole number from ${min} to ${max}`;
  return z.int(rule(text)).min(min, text).max(max, text);
}

const recordingSchema = z.strictObject(
  {
    maxFileBytes: wholeNumber(MIN_RECORDING_FILE_BYTES, MAX_RECORDING_FILE_BYTES).default(
      DEFAULT_RECORDING.maxFileBytes,
    ),
    maxFileSeconds: wholeNumber(MIN_RECORDING_FILE_SECONDS, MAX_RECORDING_FILE_SECONDS).default(
      DEFAULT_RECORDING.maxFileSeconds,
    ),
    retentionDays: wholeNumber(1, MAX_RETENTION_DAYS).default(DEFAULT_RECORDING.retentionDays),
  },
  rule('must be a mapping with maxFileBytes, maxFileSeconds and retentionDays'),
);

const auditSchema = z.strictObject(
  {
    maxFileBytes: wholeNumber(MIN_AUDIT_FILE_BYTES, MAX_AUDIT_FILE_BYTES).default(
      DEFAULT_AUDIT_ROTATION.maxFileBytes,
    ),
    retainFiles: wholeNumber(1, MAX_AUDIT_RETAIN_FILES).default(DEFAULT_AUDIT_ROTATION.retainFiles),
  },
  rule('must be a mapping with maxFileBytes and retainFiles'),
);

const limitsSchema = z.strictObject(
  {
    maxFrameBytes: wholeNumber(1024, 64 * 1024 * 1024).default(DEFAULT_LIMITS.maxFrameBytes),
    inputBytesPerSecond: wholeNumber(1024, 1024 * 1024 * 1024).default(
      DEFAULT_LIMITS.inputBytesPerSecond,
    ),
    clientsPerSession: wholeNumber(1, 100_000).default(DEFAULT_LIMITS.clientsPerSession),
    totalClients: wholeNumber(1, 100_000).default(DEFAULT_LIMITS.totalClients),
    clientsPerLogin: wholeNumber(1, 100_000).default(DEFAULT_LIMITS.clientsPerLogin),
    clientsPerAddress: wholeNumber(1, 100_000).default(DEFAULT_LIMITS.clientsPerAddress),
    reservedClientsPerSession: wholeNumber(0, 100_000).default(
      DEFAULT_LIMITS.reservedClientsPerSession,
    ),
    httpBodyBytes: wholeNumber(1024, 16 * 1024 * 1024).default(DEFAULT_LIMITS.httpBodyBytes),
    ownSizeGroupsPerSession: wholeNumber(0, 1000).default(DEFAULT_LIMITS.ownSizeGroupsPerSession),
    // Below 30 a page's own resizes and acks could go over it.
    controlMessagesPerSecond: wholeNumber(30, 100_000).default(
      DEFAULT_LIMITS.controlMessagesPerSecond,
    ),
  },
  rule('must be a mapping of limits'),
);

export const configSchema = z.strictObject(
  {
    listen: listenSchema.default(() => ({ host: DEFAULT_HOST, port: DEFAULT_PORT })),
    publicUrl: z
      .string(rule(URL_RULE))
      .refine(isPublicUrl, URL_RULE)
      .transform((url) => new URL(url).origin)
      .optional(),
    allowedHosts: z
      .array(
        z.string(rule(ALLOWED_HOST_RULE)).refine(isAllowedHostEntry, ALLOWED_HOST_RULE),
        rule('must be a list of host names'),
      )
      .max(MAX_ALLOWED_HOSTS, `must list at most ${MAX_ALLOWED_HOSTS} names`)
      .optional(),
    stateDir: absolutePath.default(() => defaultStateDir()),
    users: z.array(userSchema, rule('must be a list of users')).default(() => []),
    sessions: z
      .array(
        sessionSchema,
        rule('must be a list of sessions', 'required (list at least one session)'),
      )
      .min(1, 'must list at least one session'),
    recording: recordingSchema.optional(),
    audit: auditSchema.optional(),
    limits: limitsSchema.optional(),
    auth: authSchema.optional(),
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
            : path[0] === 'audit'
              ? auditSchema.shape
              : path[0] === 'limits'
                ? limitsSchema.shape
                : sessionSchema.shape;
  return Object.keys(shape);
}
