// The operations settings of the configuration (issue #9): TLS, trusted proxies, metrics and logs.

import * as z from 'zod';
import {
  BOOLEAN_RULE,
  absolutePathField,
  hostField,
  isMapping,
  portField,
  rule,
  type ConfigProblem,
} from './rules.js';
import { parseCidr } from './trustedAddresses.js';
import { LOG_LEVELS, type LogLevel } from '../log.js';

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

const PEM_PATH_RULE = 'must be the absolute path of a PEM file';
const PROXY_RULE = 'must be an IP address or a CIDR range like 10.0.0.0/8 or fd00::/8';
const EVERYONE_RULE =
  'must not be a /0 range: trusting every address would let anyone forge X-Forwarded-For';
const LEVEL_RULE = `must be ${LOG_LEVELS.slice(0, -1).join(', ')} or ${LOG_LEVELS.at(-1)}`;

/**
 * `10.1.2.3`, `10.0.0.0/8`, `::1`, `fd00::/8`: what a trusted proxy entry may be, written without
 * spaces. A /0 block passes here, to be refused by its own rule.
 */
export function isAddressOrCidr(value: string): boolean {
  if (value !== value.trim()) return false;
  const cidr = parseCidr(value);
  return !('error' in cidr) || cidr.everyone === true;
}

const pemPath = absolutePathField(PEM_PATH_RULE);

/** PEM files the gateway serves https/wss with; re-read on SIGHUP. */
export const tlsSchema = z.strictObject(
  {
    /** Certificate chain (leaf first), PEM. */
    cert: pemPath,
    /** Its private key, PEM, unencrypted (keep it 0600, readable by the gateway's user only). */
    key: pemPath,
  },
  rule('must be a mapping with cert and key (paths of PEM files)'),
);

/** A host and port of its own, for an endpoint that must not share the public port. */
export const metricsListenSchema = z.strictObject(
  {
    host: hostField('must be an IP address or a host name').default('127.0.0.1'),
    // Port 0 would pick a port nobody could configure Prometheus to scrape.
    port: portField(1),
  },
  rule('must be a mapping with host and port'),
);

const metricsObjectSchema = z.strictObject(
  {
    enabled: z.boolean(rule(BOOLEAN_RULE)).optional(),
    /** A separate plain-http listener for /metrics (and /healthz, /readyz); keep it internal. */
    listen: metricsListenSchema.optional(),
  },
  rule('must be a mapping with enabled and listen'),
);

const logSchema = z.strictObject(
  {
    /** Lowest level written; TMUXGATE_LOG_LEVEL, when set, wins (an override needs no file edit). */
    level: z.enum(LOG_LEVELS, rule(LEVEL_RULE)).default(DEFAULT_LOG_LEVEL),
  },
  rule('must be a mapping with level'),
);

/** Top-level keys, spread into the configuration schema. */
export const operationsShape = {
  /**
   * Addresses and CIDRs of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
   * believed. Empty (the default): those headers are ignored (no proxy is trusted).
   */
  trustProxy: z
    .array(
      z
        .string(rule(PROXY_RULE))
        .refine(isAddressOrCidr, PROXY_RULE)
        .refine((entry) => !/\/0+$/.test(entry), EVERYONE_RULE),
      rule('must be a list of IP addresses or CIDR ranges'),
    )
    .default(() => []),
  /**
   * Prometheus metrics. Off by default: they name sessions and count their users, which is more
   * than an anonymous visitor should learn. With `listen`, /metrics is served only there. Setting
   * a metrics address is asking for metrics: `enabled` then defaults to true.
   */
  metrics: metricsObjectSchema
    .transform(({ enabled, listen }) => ({
      enabled: enabled ?? listen !== undefined,
      ...(listen ? { listen } : {}),
    }))
    .prefault({}),
  /** Logging; info (or TMUXGATE_LOG_LEVEL) by default. */
  log: logSchema.prefault({}),
};

/** Known keys of an operations mapping at `path`, or undefined when the path is not ours. */
export function operationsKnownKeys(path: readonly PropertyKey[]): string[] | undefined {
  const [first, second] = path;
  if (first === 'listen' && second === 'tls') return Object.keys(tlsSchema.shape);
  if (first === 'metrics') {
    return Object.keys(second === 'listen' ? metricsListenSchema.shape : metricsObjectSchema.shape);
  }
  if (first === 'log') return Object.keys(logSchema.shape);
  return undefined;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The metrics listener must not take the gateway's own address (it could never bind). */
export function operationsCrossCheck(
  raw: unknown,
  defaults: { host: string; port: number },
): ConfigProblem[] {
  if (!isMapping(raw) || !isMapping(raw.metrics) || !isMapping(raw.metrics.listen)) return [];
  const listen = isMapping(raw.listen) ? raw.listen : {};
  const mainPort = listen.port ?? defaults.port;
  const mainHost = typeof listen.host === 'string' ? listen.host : defaults.host;
  const { port, host = '127.0.0.1' } = raw.metrics.listen;
  if (typeof port !== 'number' || port !== mainPort || typeof host !== 'string') return [];
  const overlaps = host === mainHost || WILDCARD_HOSTS.has(host) || WILDCARD_HOSTS.has(mainHost);
  if (!overlaps) return [];
  return [
    {
      path: ['metrics', 'listen', 'port'],
      message: `must differ from listen.port (${port}): the metrics listener needs its own port`,
    },
  ];
}
