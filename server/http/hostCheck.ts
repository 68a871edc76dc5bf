// The Host check against DNS rebinding: a page of evil.example whose name is made to resolve to
// this gateway's address sends `Host: evil.example`, so only requests for the gateway's own names
// are answered (HTTP and WebSocket upgrades alike). Ports are not compared: rebinding changes the
// name, and behind a proxy the port the gateway sees is the proxy's business.

import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { sendError } from './errors.js';

/** Loopback names: a browser on the gateway's machine may always use these. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'] as const;

/** Addresses that mean "every interface": they name no host a browser could ask for. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '']);

/**
 * Liveness and readiness probes (Kubernetes, load balancers) ask for the pod's or backend's
 * address, not a name; these answers reveal nothing about sessions, so they skip the check.
 */
const UNCHECKED_PATHS = new Set(['/healthz', '/readyz']);

/** A DNS name is at most 253 characters; a refused Host is logged no longer than one, plus a port. */
const MAX_LOGGED_HOST_CHARS = 260;

/** 421 Misdirected Request: this server is not the one that name is for (RFC 9110, 15.5.20). */
export const WRONG_HOST_STATUS = 421;
export const WRONG_HOST_CODE = 'unknown_host';
export const WRONG_HOST_MESSAGE = 'This gateway does not answer to that host name.';

/** `name` as compared: lower case, without brackets (IPv6) or a final dot (`localhost.`). */
export function normalizeHostName(name: string): string {
  const lower = name.toLowerCase();
  const bare = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return bare.endsWith('.') ? bare.slice(0, -1) : bare;
}

/**
 * The host name of a Host header (`name`, `name:port`, `[v6]`, `[v6]:port`), normalised; undefined
 * when it is missing or malformed (a bare IPv6 address, a port that is not a number).
 */
export function hostOfHeader(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header);
  if (!match?.[1]) return undefined;
  const name = normalizeHostName(match[1]);
  if (match[1].startsWith('[') && isIP(name) !== 6) return undefined;
  return name === '' ? undefined : name;
}

export interface HostNames {
  /** The gateway's external URL, when set. */
  publicUrl?: string | undefined;
  /** listen.host: a name or address browsers may use, unless it is a wildcard. */
  listenHost: string;
  /** More names (allowedHosts): those a proxy passes on, the machine's own names. */
  allowedHosts?: readonly string[] | undefined;
}

/** Whether `listenHost` binds every interface, so that the machine's names are unknown. */
export function isWildcardAddress(listenHost: string): boolean {
  return WILDCARD_ADDRESSES.has(normalizeHostName(listenHost));
}

/**
 * The startup warning for a wildcard bind with no name configured: browsers reaching the machine
 * by its address or name get 421 until publicUrl or allowedHosts names it.
 */
export function wildcardBindWarning(config: HostNames): string | undefined {
  if (!isWildcardAddress(config.listenHost) || config.publicUrl || config.allowedHosts?.length)
    return undefined;
  return (
    `listen.host ${config.listenHost} accepts connections on every address, but only requests ` +
    'for localhost, 127.0.0.1 and [::1] are answered (421 for any other Host): set publicUrl or ' +
    'allowedHosts to the names browsers use to reach this machine'
  );
}

/** The names this gateway answers to. */
export class HostAllowList {
  private readonly names: ReadonlySet<string>;

  constructor(config: HostNames) {
    const names = new Set<string>(LOOPBACK_HOSTS);
    if (config.publicUrl) names.add(normalizeHostName(new URL(config.publicUrl).hostname));
    if (!isWildcardAddress(config.listenHost)) names.add(normalizeHostName(config.listenHost));
    for (const name of config.allowedHosts ?? []) names.add(normalizeHostName(name));
    this.names = names;
  }

  /** Whether this request's Host header names the gateway. */
  allows(req: IncomingMessage): boolean {
    const host = hostOfHeader(req.headers.host);
    return host !== undefined && this.names.has(host);
  }
}

/** Refuses every HTTP request for another host with 421 and a JSON error, before anything else. */
export function hostCheck(hosts: HostAllowList, log: Logger): RequestHandler {
  return (req, res, next) => {
    const probe = (req.method === 'GET' || req.method === 'HEAD') && UNCHECKED_PATHS.has(req.path);
    if (probe || hosts.allows(req)) {
      next();
      return;
    }
    log.warn('request_refused', {
      reason: 'host',
      host: req.headers.host?.slice(0, MAX_LOGGED_HOST_CHARS) ?? null,
      method: req.method,
      path: req.path,
    });
    sendError(res, WRONG_HOST_STATUS, WRONG_HOST_CODE, WRONG_HOST_MESSAGE);
  };
}
