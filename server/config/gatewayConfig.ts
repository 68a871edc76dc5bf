// The gateway's typed configuration: the types, derived from the one schema (schema.ts), of what
// the parser returns (every section filled in), each section's defaults, and resolveConfig() for
// a configuration written in code (tests, the bench) that leaves sections out.

import type * as z from 'zod';
import { authSchema, type oidcSchema, type proxySchema } from './auth.js';
import { historySchema } from './history.js';
import { auditSchema, limitsSchema, recordingSchema } from './limits.js';
import { operationsShape, type metricsListenSchema, type tlsSchema } from './operations.js';
import type { configSchema, listenSchema, sessionSchema, userSchema } from './schema.js';

export type GatewayConfig = z.output<typeof configSchema>;
export type ListenConfig = z.output<typeof listenSchema>;
export type TlsConfig = z.output<typeof tlsSchema>;
export type ListenAddress = z.output<typeof metricsListenSchema>;
export type SessionConfig = z.output<typeof sessionSchema>;
export type UserConfig = z.output<typeof userSchema>;
export type RecordingConfig = z.output<typeof recordingSchema>;
export type HistoryConfig = z.output<typeof historySchema>;
export type AuditRotationConfig = z.output<typeof auditSchema>;
export type LimitsConfig = z.output<typeof limitsSchema>;
export type AuthConfig = z.output<typeof authSchema>;
export type OidcConfig = z.output<typeof oidcSchema>;
export type ProxyAuthConfig = z.output<typeof proxySchema>;

/** Each section's values when the configuration does not give it: the schema's own defaults. */
export const DEFAULT_RECORDING: RecordingConfig = recordingSchema.parse({});
export const DEFAULT_HISTORY: HistoryConfig = historySchema.parse({});
export const DEFAULT_AUDIT: AuditRotationConfig = auditSchema.parse({});
export const DEFAULT_LIMITS: LimitsConfig = limitsSchema.parse({});
const DEFAULT_AUTH: AuthConfig = authSchema.parse({});
const DEFAULT_METRICS: GatewayConfig['metrics'] = operationsShape.metrics.parse(undefined);
const DEFAULT_LOG: GatewayConfig['log'] = operationsShape.log.parse(undefined);

/** The sections the parser always fills in, which a configuration written in code may omit. */
type DefaultedSection =
  | 'recording'
  | 'history'
  | 'audit'
  | 'limits'
  | 'auth'
  | 'trustProxy'
  | 'metrics'
  | 'log'
  | 'allowedHosts';

/** A GatewayConfig written in code: the defaulted sections may be left out. */
export type GatewayConfigInput = Omit<GatewayConfig, DefaultedSection> &
  Partial<Pick<GatewayConfig, DefaultedSection>>;

/**
 * Fills in the sections a configuration written in code left out, with the values the parser
 * gives them; a parsed GatewayConfig comes back as it was.
 */
export function resolveConfig(input: GatewayConfigInput): GatewayConfig {
  return {
    ...input,
    recording: input.recording ?? DEFAULT_RECORDING,
    history: input.history ?? DEFAULT_HISTORY,
    audit: input.audit ?? DEFAULT_AUDIT,
    limits: input.limits ?? DEFAULT_LIMITS,
    auth: input.auth ?? DEFAULT_AUTH,
    trustProxy: input.trustProxy ?? [],
    metrics: input.metrics ?? DEFAULT_METRICS,
    log: input.log ?? DEFAULT_LOG,
    allowedHosts: input.allowedHosts ?? [],
  };
}
