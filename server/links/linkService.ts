// What can be done with share links, for the HTTP API and the control socket alike: create,
// list, revoke (disconnecting the guests who came through), join as a guest, and expiry.

import type { AuditLog } from '../audit.js';
import type { Identity } from '../auth/identity.js';
import { LOGIN_LIFETIME_SECONDS } from '../auth/loginCookie.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import {
  allowsHistory,
  type LinkRole,
  type LinkView,
  type RedeemFailure,
  type ShareLinks,
  type StoredLink,
} from './shareLinks.js';

/** How often expired links are noticed (audited, their guests disconnected). */
export const EXPIRY_SWEEP_MS = 5000;

export interface CreatedLink {
  id: string;
  token: string;
  expiresAt: string;
}

export type JoinResult =
  | { ok: true; identity: Identity; lifetimeSeconds: number; session: string }
  | { ok: false; reason: RedeemFailure };

export class LinkService {
  private readonly expiryNoted = new Set<string>();
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly links: ShareLinks,
    private readonly sessions: SessionRegistry,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    // Links that expired while the gateway was down were audited then or need no second line.
    for (const link of this.links.all())
      if (link.expiresAt <= this.now()) this.expiryNoted.add(link.id);
    this.sweepTimer = setInterval(() => this.sweep(), EXPIRY_SWEEP_MS);
    this.sweepTimer.unref();
  }

  dispose(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  async create(
    session: string,
    spec: { role: LinkRole; ttlSeconds: number; maxUses: number | null; history?: boolean },
    by: string,
  ): Promise<CreatedLink> {
    const { token, link } = await this.links.create({ session, ...spec, createdBy: by });
    const view = this.links.view(link);
    this.audit.write({
      event: 'link-created',
      session,
      role: link.role,
      link: link.id,
      by,
      expiresAt: view.expiresAt,
      maxUses: link.maxUses,
      history: allowsHistory(link),
    });
    return { id: link.id, token, expiresAt: view.expiresAt };
  }

  list(session: string): LinkView[] {
    return this.links.listActive(session);
  }

  get(id: string): StoredLink | undefined {
    return this.links.get(id);
  }

  /** Whether the guests of link `id` may read its session's history (none: no such link). */
  allowsHistory(id: string): boolean {
    const link = this.links.get(id);
    return link !== undefined && allowsHistory(link);
  }

  isUsable(id: string): boolean {
    return this.links.isUsable(id);
  }

  peek(token: string) {
    return this.links.peek(token);
  }

  /** Revokes a link and disconnects its guests at once. False if there was nothing to revoke. */
  async revoke(id: string, by: string): Promise<boolean> {
    const link = await this.links.revoke(id);
    if (!link) return false;
    this.audit.write({ event: 'link-revoked', session: link.session, link: id, by });
    this.disconnectGuests(id, 'revoked', 'The share link you came through was revoked.');
    return true;
  }

  /** Revokes every link of a session (it went away) and disconnects their guests. */
  async revokeSession(session: string, by: string): Promise<void> {
    for (const link of await this.links.revokeSession(session)) {
      this.audit.write({ event: 'link-revoked', session, link: link.id, by });
      this.disconnectGuests(link.id, 'revoked', 'The session you were invited to has ended.');
    }
  }

  /** A guest joins through a token under a display name. */
  async join(token: string, guestName: string, ip: string | undefined): Promise<JoinResult> {
    const result = await this.links.redeem(token);
    if (!result.ok) {
      this.audit.write({
        event: 'link-refused',
        user: guestName,
        kind: 'guest',
        ip,
        reason: result.reason,
      });
      return result;
    }
    const { link } = result;
    this.audit.write({
      event: 'link-used',
      user: guestName,
      kind: 'guest',
      ip,
      session: link.session,
      role: link.role,
      link: link.id,
    });
    const lifetimeSeconds = Math.max(
      1,
      Math.min(LOGIN_LIFETIME_SECONDS, Math.floor((link.expiresAt - this.now()) / 1000)),
    );
    return {
      ok: true,
      session: link.session,
      lifetimeSeconds,
      identity: {
        name: guestName,
        kind: 'guest',
        admin: false,
        guest: { linkId: link.id, session: link.session, role: link.role },
      },
    };
  }

  private disconnectGuests(linkId: string, reason: 'revoked', message: string): void {
    for (const member of this.sessions.allMembers()) {
      if (member.identity.guest?.linkId === linkId) member.end(reason, message);
    }
  }

  /** Notices links that expired: audits each once and disconnects its guests. */
  private sweep(): void {
    const now = this.now();
    for (const link of this.links.all()) {
      if (link.revokedAt !== null || link.expiresAt > now || this.expiryNoted.has(link.id))
        continue;
      this.expiryNoted.add(link.id);
      this.audit.write({ event: 'link-expired', session: link.session, link: link.id });
      this.disconnectGuests(link.id, 'revoked', 'The share link you came through has expired.');
    }
  }
}
