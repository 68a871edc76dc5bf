// Sign-in by a trusted reverse proxy: its headers are believed only when the TCP peer is one of
// trustedProxies, and each identity is audited once per gateway process, not on every request.

import type { IncomingMessage } from 'node:http';
import { identityFields } from './auditFields.js';
import type { AuditLog } from '../audit.js';
import type { ProxyAuthConfig } from '../config/gatewayConfig.js';
import type { Logger } from '../log.js';
import type { Identity } from './identity.js';
import { readProxyIdentity } from './proxyIdentity.js';
import { TrustedProxies } from '../config/trustedAddresses.js';

/**
 * Identities (name and groups) remembered as already audited. Past this the oldest is forgotten,
 * so memory stays bounded; the price is one more `login` line when it comes back.
 */
export const MAX_REMEMBERED_PROXY_IDENTITIES = 10_000;

/** A trusted proxy sent an identity that is not one (the HTTP and WebSocket edges answer 400). */
export class BadProxyIdentity extends Error {
  readonly code = 'bad_proxy_identity';

  constructor() {
    super('The proxy sent an invalid identity.');
    this.name = 'BadProxyIdentity';
  }
}

export class ProxyLogin {
  private readonly trusted: TrustedProxies;
  /** Identities already audited, oldest first. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly config: ProxyAuthConfig,
    private readonly referencedGroups: ReadonlySet<string>,
    private readonly audit: AuditLog,
    private readonly log: Logger,
  ) {
    this.trusted = new TrustedProxies(config.trustedProxies);
  }

  /**
   * The identity a trusted proxy vouches for; null when the peer is not a trusted proxy (its
   * headers are then ignored entirely) or sent no user header. Throws BadProxyIdentity when a trusted
   * proxy sends a malformed identity.
   */
  identify(req: IncomingMessage): Identity | null {
    const ip = req.socket.remoteAddress;
    if (!this.trusted.trusts(ip)) return null;
    const reading = readProxyIdentity(req.headers, this.config, this.referencedGroups);
    switch (reading.kind) {
      case 'absent':
        return null;
      case 'invalid':
        this.log.warn('proxy_identity_refused', { reason: reading.reason, ip });
        throw new BadProxyIdentity();
      case 'identity':
        this.firstSight(reading.identity, ip);
        return reading.identity;
    }
  }

  private firstSight(identity: Identity, ip: string | undefined): void {
    const key = `${identity.name}\n${(identity.groups ?? []).join(',')}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    if (this.seen.size > MAX_REMEMBERED_PROXY_IDENTITIES) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    this.audit.write({ event: 'login', ...identityFields(identity), ip, method: 'proxy' });
  }
}
