// Which reverse proxies are believed: their X-Forwarded-For gives the client's address and their
// X-Forwarded-Proto says whether the browser used https. Nobody else's headers count.

import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import { TrustedProxies } from '../config/trustedAddresses.js';

/** Whether the peer at `address` is a trusted proxy. */
export type ProxyTrust = (address: string) => boolean;

/** Compiles the `trustProxy` setting (addresses and CIDRs, already validated). */
export function compileProxyTrust(entries: readonly string[] | undefined): ProxyTrust {
  if (!entries || entries.length === 0) return () => false;
  const trusted = new TrustedProxies(entries);
  return (address) => trusted.trusts(address);
}

function headerValues(req: IncomingMessage, name: string): string[] {
  const header = req.headers[name];
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/**
 * The client's address: the socket's peer, or — walking X-Forwarded-For from the nearest hop —
 * the first address not vouched for by a trusted proxy. Same rule as express's `req.ip`.
 */
export function clientAddress(req: IncomingMessage, trust: ProxyTrust): string | undefined {
  let address = req.socket.remoteAddress;
  const forwarded = headerValues(req, 'x-forwarded-for');
  while (address !== undefined && trust(address) && forwarded.length > 0) {
    address = forwarded.pop();
  }
  return address;
}

/** Whether the browser's request reached us over TLS: directly, or per a trusted proxy. */
export function isHttpsRequest(req: IncomingMessage, trust: ProxyTrust): boolean {
  if (req.socket instanceof TLSSocket && req.socket.encrypted) return true;
  const peer = req.socket.remoteAddress;
  if (peer === undefined || !trust(peer)) return false;
  // The first value is what the browser used; later ones were added by proxies behind it.
  return headerValues(req, 'x-forwarded-proto')[0]?.toLowerCase() === 'https';
}
