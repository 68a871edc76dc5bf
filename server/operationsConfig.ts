// The operations part of the configuration (issue #9): TLS, trusted proxies, metrics and logs.
// Kept apart from config.ts so each concern's settings read in one place.

import type { LogLevel } from './log.js';

/** PEM files the gateway serves https/wss with; re-read on SIGHUP. */
export interface TlsConfig {
  /** Certificate chain (leaf first), PEM. */
  cert: string;
  /** Its private key, PEM, unencrypted (keep it 0600, readable by the gateway's user only). */
  key: string;
}

export interface ListenConfig {
  host: string;
  port: number;
  /** Serve https and wss with this certificate; absent: plain http (loopback, or behind a TLS proxy). */
  tls?: TlsConfig | undefined;
}

/** A host and port of its own, for an endpoint that must not share the public port. */
export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * Prometheus metrics. Off by default: they name sessions and count their users, which is more
 * than an anonymous visitor should learn. With `listen`, /metrics is served only there.
 */
export interface MetricsConfig {
  enabled: boolean;
  /** A separate plain-http listener for /metrics (and /healthz, /readyz); keep it internal. */
  listen?: ListenAddress | undefined;
}

export interface LogConfig {
  /** Lowest level written; TMUXGATE_LOG_LEVEL, when set, wins (an override needs no file edit). */
  level: LogLevel;
}

export interface OperationsConfig {
  /**
   * Addresses and CIDRs of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
   * believed. Absent or empty: those headers are ignored (no proxy is trusted).
   */
  trustProxy?: string[] | undefined;
  /** Metrics; absent: off. */
  metrics?: MetricsConfig | undefined;
  /** Logging; absent: info (or TMUXGATE_LOG_LEVEL). */
  log?: LogConfig | undefined;
}

export const DEFAULT_LOG_LEVEL: LogLevel = 'info';
