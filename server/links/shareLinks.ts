// Share links: a role on one session for whoever holds the token, with an expiry, an optional use
// limit, and revocation. Tokens have 256 bits of randomness and are kept only as SHA-256 hashes;
// the store is persisted in the state directory (through one StateFileStore, so concurrent joins
// and revokes land in order) and links survive restarts.

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LINK_ROLES, type LinkRole } from '../../shared/api/links.js';
import { TOKEN_PATTERN, hashToken, newToken } from '../auth/bearerTokens.js';
import { StateFileStore } from '../state/stateFileStore.js';

export const LINKS_FILE = 'links.json';
const ID_BYTES = 9;
/** Revoked and expired links are kept this long (for listings and audit), then forgotten. */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export { LINK_ROLES, type LinkRole } from '../../shared/api/links.js';

const storedLinkSchema = z.strictObject({
  id: z.string(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  session: z.string(),
  role: z.enum(LINK_ROLES),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  maxUses: z.number().int().positive().nullable(),
  uses: z.number().int().min(0),
  revokedAt: z.number().nullable(),
  /** Whether its guests may read the session's history; links stored before it existed allow it. */
  history: z.boolean().optional(),
});
export type StoredLink = z.infer<typeof storedLinkSchema>;
const fileSchema = z.array(storedLinkSchema);

/** What an owner sees of a link (never its token). */
export interface LinkView {
  id: string;
  session: string;
  role: LinkRole;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  maxUses: number | null;
  uses: number;
  usesLeft: number | null;
  history: boolean;
}

export type RedeemFailure = 'unknown' | 'expired' | 'used-up' | 'revoked';
export type Redeemed = { ok: true; link: StoredLink } | { ok: false; reason: RedeemFailure };

export interface NewLink {
  session: string;
  role: LinkRole;
  ttlSeconds: number;
  maxUses: number | null;
  /** Whether its guests may read the session's history (default true). */
  history?: boolean | undefined;
  createdBy: string;
}

/** Whether a link's guests may read the session's history (links stored before: yes). */
export function allowsHistory(link: StoredLink): boolean {
  return link.history !== false;
}

export class ShareLinks {
  private constructor(
    private readonly file: StateFileStore<StoredLink[]>,
    private links: StoredLink[],
    private readonly now: () => number,
  ) {}

  static async load(stateDir: string, now: () => number = Date.now): Promise<ShareLinks> {
    const file = StateFileStore.in(stateDir, LINKS_FILE, fileSchema, 'a list of share links');
    return new ShareLinks(file, (await file.load()) ?? [], now);
  }

  async create(spec: NewLink): Promise<{ token: string; link: StoredLink }> {
    const token = newToken();
    const now = this.now();
    const link: StoredLink = {
      id: randomBytes(ID_BYTES).toString('base64url'),
      tokenHash: hashToken(token),
      session: spec.session,
      role: spec.role,
      createdBy: spec.createdBy,
      createdAt: now,
      expiresAt: now + spec.ttlSeconds * 1000,
      maxUses: spec.maxUses,
      uses: 0,
      revokedAt: null,
      history: spec.history ?? true,
    };
    this.links.push(link);
    await this.save();
    return { token, link };
  }

  /** The link a token belongs to, checked but not used up (for the landing page). */
  peek(token: string): Redeemed {
    if (!TOKEN_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
    const hash = hashToken(token);
    const link = this.links.find((candidate) => candidate.tokenHash === hash);
    if (!link) return { ok: false, reason: 'unknown' };
    const state = this.state(link);
    return state === 'active' ? { ok: true, link } : { ok: false, reason: state };
  }

  /** Uses the link once (a guest joins through it). */
  async redeem(token: string): Promise<Redeemed> {
    const result = this.peek(token);
    if (!result.ok) return result;
    result.link.uses += 1;
    await this.save();
    return result;
  }

  /** Whether guests who came through this link may still be here (not revoked, not expired). */
  isUsable(id: string): boolean {
    const link = this.get(id);
    if (!link) return false;
    const state = this.state(link);
    return state === 'active' || state === 'used-up';
  }

  all(): readonly StoredLink[] {
    return this.links;
  }

  get(id: string): StoredLink | undefined {
    return this.links.find((link) => link.id === id);
  }

  /** Links of a session that can still be used or still admit their guests. */
  listActive(session: string): LinkView[] {
    return this.links
      .filter((link) => link.session === session && this.isUsable(link.id))
      .map((link) => this.view(link));
  }

  /** Revokes a link; false when there is no such link or it was already revoked. */
  async revoke(id: string): Promise<StoredLink | undefined> {
    const link = this.get(id);
    if (!link || link.revokedAt !== null) return undefined;
    link.revokedAt = this.now();
    await this.save();
    return link;
  }

  /** Revokes every link of a session (when a session goes away for good). */
  async revokeSession(session: string): Promise<StoredLink[]> {
    const revoked = this.links.filter(
      (link) => link.session === session && link.revokedAt === null,
    );
    for (const link of revoked) link.revokedAt = this.now();
    if (revoked.length > 0) await this.save();
    return revoked;
  }

  view(link: StoredLink): LinkView {
    return {
      id: link.id,
      session: link.session,
      role: link.role,
      createdBy: link.createdBy,
      createdAt: new Date(link.createdAt).toISOString(),
      expiresAt: new Date(link.expiresAt).toISOString(),
      maxUses: link.maxUses,
      uses: link.uses,
      usesLeft: link.maxUses === null ? null : Math.max(0, link.maxUses - link.uses),
      history: allowsHistory(link),
    };
  }

  private state(link: StoredLink): 'active' | RedeemFailure {
    if (link.revokedAt !== null) return 'revoked';
    if (link.expiresAt <= this.now()) return 'expired';
    if (link.maxUses !== null && link.uses >= link.maxUses) return 'used-up';
    return 'active';
  }

  private async save(): Promise<void> {
    const cutoff = this.now() - RETENTION_MS;
    this.links = this.links.filter(
      (link) => Math.max(link.expiresAt, link.revokedAt ?? 0) > cutoff,
    );
    await this.file.save(() => this.links);
  }
}
