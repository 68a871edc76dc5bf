// Reads the YAML configuration file into a GatewayConfig, reporting every problem at once.

import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import { isNode, parseDocument, type Document, type YAMLError } from 'yaml';
import * as z from 'zod';
import { NAME_PATTERN, NAME_RULE } from '../shared/names.js';
import { ROLES } from '../shared/roles.js';
import { isPasswordHash } from './auth/passwords.js';
import { USER_NAME_PATTERN, USER_NAME_RULE } from './auth/principalNames.js';
import { accessKeyProblem, authKnownKeys, authProblems, authSchema } from './configAuth.js';
import {
  DEFAULT_HOST,
  DEFAULT_LIMITS,
  DEFAULT_PORT,
  DEFAULT_RECORDING,
  type GatewayConfig,
} from './config.js';
import { defaultStateDir } from './state/stateDir.js';
import { DEFAULT_AUDIT_ROTATION } from './audit.js';
import {
  operationsCrossCheck,
  operationsFileProblems,
  operationsKnownKeys,
  operationsShape,
  tlsSchema,
} from './operationsConfigSchema.js';

/**
 * An invalid configuration. `problems` are lines `path.to.field: what is wrong` (YAML syntax
 * errors: `line L, column C: …`), in file order. They never quote a password hash field's value.
 */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super([`${source}: invalid configuration`, ...problems.map((line) => `  ${line}`)].join('\n'));
    this.name = 'ConfigError';
  }
}

/** The one user name a JavaScript object cannot hold as a key, so access maps could not name it. */
const RESERVED_USER_NAME = '__proto__';
/** The access key that matches any signed-in user. */
const ANY_USER = '*';
const MAX_PORT = 65535;
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
const BOOLEAN_RULE = 'must be true or false';

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

/** A zod error option: `missing` when the key is absent, `text` for any other wrong value. */
function rule(text: string, missing = 'required') {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : text) };
}

function isHost(value: string): boolean {
  return isIP(value) !== 0 || /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(value);
}

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

const absolutePath = z
  .string(rule(ABSOLUTE_PATH_RULE))
  .refine((path) => isAbsolute(path) && !path.includes('\0'), ABSOLUTE_PATH_RULE);

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

const configSchema = z.strictObject(
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
function knownKeys(path: readonly PropertyKey[]): string[] {
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

type Path = readonly PropertyKey[];

interface Problem {
  path: Path;
  message: string;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problemsFromZod(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.flatMap((issue): Problem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: [...issue.path, key],
          message: `unknown key (known keys: ${knownKeys(issue.path).join(', ')})`,
        }))
      : [{ path: issue.path, message: issue.message }],
  );
}

/** Rules across entries: unique user and session names, access only for configured users. */
function crossCheck(raw: unknown): Problem[] {
  if (!isMapping(raw)) return [];
  const problems: Problem[] = [];
  const userNames = new Set<string>();
  const users = Array.isArray(raw.users) ? (raw.users as unknown[]) : undefined;
  // User names are compared ignoring case: "Alice" and "alice" would look like one person.
  const firstUserIndex = new Map<string, number>();
  users?.forEach((user, index) => {
    if (!isMapping(user) || typeof user.name !== 'string') return;
    userNames.add(user.name);
    if (!USER_NAME_PATTERN.test(user.name)) return; // already reported
    const key = user.name.toLowerCase();
    const first = firstUserIndex.get(key);
    if (first === undefined) {
      firstUserIndex.set(key, index);
      return;
    }
    const firstName = (users[first] as { name: string }).name;
    const message =
      firstName === user.name
        ? `"${user.name}" is already used by users.${first}`
        : `"${user.name}" is already used by users.${first} as "${firstName}" (user names ignore case)`;
    problems.push({ path: ['users', index, 'name'], message });
  });

  const sessions = Array.isArray(raw.sessions) ? (raw.sessions as unknown[]) : [];
  const firstSessionIndex = new Map<string, number>();
  sessions.forEach((session, index) => {
    if (!isMapping(session)) return;
    if (typeof session.name === 'string' && NAME_PATTERN.test(session.name)) {
      const first = firstSessionIndex.get(session.name);
      if (first === undefined) firstSessionIndex.set(session.name, index);
      else {
        const message = `"${session.name}" is already used by sessions.${first}`;
        problems.push({ path: ['sessions', index, 'name'], message });
      }
    }
    if (users === undefined && raw.users !== undefined) return; // users itself is broken
    if (!isMapping(session.access)) return;
    for (const key of Object.keys(session.access)) {
      if (key === ANY_USER || userNames.has(key)) continue;
      const unknownUser = `no user named "${key}" (list it under users, or use "${ANY_USER}")`;
      const message = accessKeyProblem(key, raw.auth, unknownUser);
      if (message) problems.push({ path: ['sessions', index, 'access', key], message });
    }
  });
  problems.push(...authProblems(raw));
  return problems;
}

function formatPath(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment) => {
      const text = String(segment);
      return /^[A-Za-z0-9_@*-]+$/.test(text) ? text : JSON.stringify(text);
    })
    .join('.');
}

/**
 * Where a problem at `path` belongs in the file, to list problems in file order: the start of its
 * node, or for a missing key the end of the nearest mapping that exists (after its other problems).
 */
function offsetOf(doc: Document, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return depth === path.length ? node.range[0] : node.range[1];
  }
  return 0;
}

/** YAML's own message without the position and source excerpt it appends (the excerpt could hold a secret). */
function yamlProblem(error: YAMLError): string {
  const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  const position = error.linePos?.[0];
  return position ? `line ${position.line}, column ${position.col}: ${message}` : message;
}

/** Parses and validates configuration text; `source` names it in errors (usually the file path). */
export function parseConfig(text: string, source: string): GatewayConfig {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ConfigError(source, doc.errors.map(yamlProblem));
  let raw: unknown;
  try {
    // An empty file is an empty mapping, which then reports what is required.
    raw = doc.toJS() ?? {};
  } catch (error) {
    throw new ConfigError(source, [
      `(top level): ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }

  const result = configSchema.safeParse(raw);
  const problems = [
    ...(result.success ? [] : problemsFromZod(result.error.issues)),
    ...crossCheck(raw),
    ...operationsCrossCheck(raw, { host: DEFAULT_HOST, port: DEFAULT_PORT }),
  ];
  if (problems.length > 0 || !result.success) {
    const ordered = problems
      .map((problem) => ({ ...problem, offset: offsetOf(doc, problem.path) }))
      .sort((a, b) => a.offset - b.offset);
    throw new ConfigError(
      source,
      ordered.map((problem) => `${formatPath(problem.path)}: ${problem.message}`),
    );
  }
  const config: GatewayConfig = result.data;
  return config;
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** Reads and validates the configuration file at `path`. Throws ConfigError when it is invalid. */
export async function loadConfigFile(path: string): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read configuration file ${path}: ${describeReadError(error)}`, {
      cause: error,
    });
  }
  const config = parseConfig(text, path);
  // The files it names (TLS certificate and key) must be usable too, or start is refused.
  const fileProblems = await operationsFileProblems(config);
  if (fileProblems.length > 0) throw new ConfigError(path, fileProblems);
  return config;
}
