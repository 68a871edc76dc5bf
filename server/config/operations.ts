// Validation of the operations settings (TLS, trustProxy, metrics, log) for configFile.ts.

import * as z from 'zod';
import { parseCidr } from './trustedAddresses.js';
import {
  BOOLEAN_RULE,
  MAX_PORT,
  absolutePathField,
  isHost,
  isMapping,
  rule,
  type ConfigProblem,
} from './configRules.js';
import { LOG_LEVELS } from './log.js';
import { DEFAULT_LOG_LEVEL, type OperationsConfig } from './operationsConfig.js';
import { TlsCredentialsError, readTlsCredentials } from './tls/tlsCredentials.js';

const PORT_RULE = `must be a whole number from 1 to ${MAX_PORT}`;
const HOST_RULE = 'must be an IP address or a host name';
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

export const tlsSchema = z.strictObject(
  { cert: pemPath, key: pemPath },
  rule('must be a mapping with cert and key (paths of PEM files)'),
);

const metricsListenSchema = z.strictObject(
  {
    host: z.string(rule(HOST_RULE)).refine(isHost, HOST_RULE).default('127.0.0.1'),
    // Port 0 would pick a port nobody could configure Prometheus to scrape.
    port: z.int(rule(PORT_RULE)).min(1, PORT_RULE).max(MAX_PORT, PORT_RULE),
  },
  rule('must be a mapping with host and port'),
);

const metricsObjectSchema = z.strictObject(
  {
    enabled: z.boolean(rule(BOOLEAN_RULE)).optional(),
    listen: metricsListenSchema.optional(),
  },
  rule('must be a mapping with enabled and listen'),
);

const logSchema = z.strictObject(
  { level: z.enum(LOG_LEVELS, rule(LEVEL_RULE)).default(DEFAULT_LOG_LEVEL) },
  rule('must be a mapping with level'),
);

/** Top-level keys, spread into the configuration schema. */
export const operationsShape = {
  trustProxy: z
    .array(
      z
        .string(rule(PROXY_RULE))
        .refine(isAddressOrCidr, PROXY_RULE)
        .refine((entry) => !/\/0+$/.test(entry), EVERYONE_RULE),
      rule('must be a list of IP addresses or CIDR ranges'),
    )
    .optional(),
  // Setting a metrics address is asking for metrics: `enabled` then defaults to true.
  metrics: metricsObjectSchema
    .transform(({ enabled, listen }) => ({
      enabled: enabled ?? listen !== undefined,
      ...(listen ? { listen } : {}),
    }))
    .optional(),
  log: logSchema.optional(),
} satisfies Record<keyof OperationsConfig, z.ZodType>;

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

/** Problems with the files the operations settings name (TLS certificate and key), as lines. */
export async function operationsFileProblems(config: {
  listen: { tls?: { cert: string; key: string } | undefined };
}): Promise<string[]> {
  if (!config.listen.tls) return [];
  try {
    await readTlsCredentials(config.listen.tls);
    return [];
  } catch (error) {
    if (error instanceof TlsCredentialsError) return [...error.problems];
    throw error;
  }
}
