// Structured operational log: pino, one JSON object per line on stdout (fields: time, level,
// event, then the event's own). The audit trail is a separate stream (audit.ts).

import { pino, stdTimeFunctions, type DestinationStream } from 'pino';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * Field names that could carry a credential. Nothing logs them today; if a future caller (or a
 * copied request object) does, the value is replaced, never written.
 */
const SECRET_FIELDS = [
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'clientSecret',
  'secret',
  'cookie',
  'authorization',
  'setCookie',
  'set-cookie',
];

/** Also one level down, for a field holding headers or a body. */
const REDACT_PATHS = [
  ...SECRET_FIELDS.map((field) => `["${field}"]`),
  ...SECRET_FIELDS.map((field) => `*["${field}"]`),
];

/** File descriptor 1: logs go to stdout, where containers and journald collect them. */
const STDOUT_FD = 1;

/**
 * A logger writing at `minLevel` and above. `write` receives each line (with its newline); it
 * defaults to stdout, written synchronously so the last lines before an exit are not lost.
 */
export function createLogger(minLevel: LogLevel = 'info', write?: (line: string) => void): Logger {
  const destination: DestinationStream = write
    ? { write }
    : pino.destination({ dest: STDOUT_FD, sync: true });
  const logger = pino(
    {
      level: minLevel,
      // No pid/hostname base: `pid` is a field of ours (the tmux attach client's pid).
      base: null,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
  // The event name leads each line, after level and time.
  return {
    debug: (event, fields) => logger.debug({ event, ...fields }),
    info: (event, fields) => logger.info({ event, ...fields }),
    warn: (event, fields) => logger.warn({ event, ...fields }),
    error: (event, fields) => logger.error({ event, ...fields }),
  };
}

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * The level to log at: TMUXGATE_LOG_LEVEL when set (an operator's override wins over the file,
 * so debugging needs no config edit), else the configured one. An unknown value is an error.
 */
export function resolveLogLevel(env: string | undefined, configured: LogLevel): LogLevel {
  if (env === undefined || env === '') return configured;
  if (!isLogLevel(env)) {
    const levels = `${LOG_LEVELS.slice(0, -1).join(', ')} or ${LOG_LEVELS.at(-1)}`;
    throw new Error(`TMUXGATE_LOG_LEVEL must be ${levels}, not "${env}"`);
  }
  return env;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
