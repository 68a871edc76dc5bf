// Logins ended by logout before they expired, kept (with their expiry) in the state directory so
// a copied cookie stays dead across restarts: a snapshot (revoked-logins.json) and an append-only
// journal of the logouts since (revoked-logins.journal), folded together now and then.

import { join } from 'node:path';
import { z } from 'zod';
import { createLogger, errorMessage, type Logger } from '../log.js';
import {
  compactionDue,
  DEFAULT_COMPACTION,
  StateJournal,
  type CompactionPolicy,
} from '../state/stateJournal.js';
import { StateFileStore, type FileWriter } from '../state/stateFileStore.js';

const REVOKED_FILE = 'revoked-logins.json';
const JOURNAL_FILE = 'revoked-logins.journal';
const fileSchema = z.record(z.string(), z.number());
const lineSchema = z.strictObject({ id: z.string().min(1), expiresAt: z.number() });
type Line = z.infer<typeof lineSchema>;

/**
 * How long an entry is kept past its login's expiry before it is dropped: a clock stepped back
 * (NTP at boot, a restored VM) must not make a revoked cookie valid again, and an hour of extra
 * entries costs next to nothing.
 */
const EXPIRED_GRACE_MS = 60 * 60 * 1000;

export interface RevokedLoginsOptions {
  log?: Logger;
  now?: () => number;
  compaction?: CompactionPolicy;
  /** Writes the snapshot: writeFileAtomic, except in tests that crash or fail at that moment. */
  writeSnapshot?: FileWriter;
}

export class RevokedLogins {
  private compacting: Promise<void> | undefined;

  private constructor(
    private readonly file: StateFileStore<Record<string, number>>,
    private readonly journal: StateJournal<Line>,
    private readonly revoked: Map<string, number>,
    /** Entries in the snapshot on disk: the journal's allowance grows with it. */
    private snapshotEntries: number,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly policy: CompactionPolicy,
  ) {}

  /**
   * Replays the snapshot and then the journal over it; a corrupt snapshot or journal line stops
   * the start with its path named. Then folds the journal into a new snapshot, without the
   * entries that have expired.
   */
  static async load(stateDir: string, options: RevokedLoginsOptions = {}): Promise<RevokedLogins> {
    const log = options.log ?? createLogger('warn');
    const file = new StateFileStore(
      join(stateDir, REVOKED_FILE),
      fileSchema,
      'a map of login id to expiry',
      options.writeSnapshot,
    );
    const journal = StateJournal.in(stateDir, JOURNAL_FILE, lineSchema, 'a revoked login');
    const revoked = new Map<string, number>(Object.entries((await file.load()) ?? {}));
    const snapshotEntries = revoked.size;
    const { entries, tornBytes } = await journal.replay();
    if (tornBytes > 0) {
      // A logout whose append a crash cut short was never answered: it is not owed.
      log.warn('state_journal_torn_line', { path: journal.path, bytes: tornBytes });
    }
    for (const entry of entries) remember(revoked, entry);
    const logins = new RevokedLogins(
      file,
      journal,
      revoked,
      snapshotEntries,
      log,
      options.now ?? Date.now,
      options.compaction ?? DEFAULT_COMPACTION,
    );
    if (journal.length > 0 || logins.hasExpired()) await logins.compact();
    return logins;
  }

  isRevoked(id: string): boolean {
    return this.revoked.has(id);
  }

  /**
   * Resolves once the revocation is on disk (one appended line). The logout that makes the
   * journal due for compaction also waits for the compaction; a failed compaction is logged, and
   * the next logout tries again.
   */
  async revoke(id: string, expiresAt: number): Promise<void> {
    remember(this.revoked, { id, expiresAt });
    await this.journal.append({ id, expiresAt });
    if (this.compacting || !compactionDue(this.journal.length, this.snapshotEntries, this.policy))
      return;
    this.compacting = this.compact()
      .catch((error: unknown) =>
        this.log.warn('state_compaction_failed', {
          path: this.journal.path,
          error: errorMessage(error),
        }),
      )
      .finally(() => (this.compacting = undefined));
    await this.compacting;
  }

  /** Writes the live set (expired entries dropped) as the snapshot, then empties the journal. */
  private compact(): Promise<void> {
    return this.journal.compact(async () => {
      this.dropExpired();
      const snapshot = Object.fromEntries(this.revoked);
      await this.file.save(() => snapshot);
      this.snapshotEntries = this.revoked.size;
    });
  }

  private hasExpired(): boolean {
    const cutoff = this.now() - EXPIRED_GRACE_MS;
    for (const expiry of this.revoked.values()) if (expiry <= cutoff) return true;
    return false;
  }

  private dropExpired(): void {
    const cutoff = this.now() - EXPIRED_GRACE_MS;
    for (const [id, expiry] of this.revoked) if (expiry <= cutoff) this.revoked.delete(id);
  }
}

/** One id revoked twice keeps the later expiry: replay order never shortens a revocation. */
function remember(revoked: Map<string, number>, { id, expiresAt }: Line): void {
  revoked.set(id, Math.max(expiresAt, revoked.get(id) ?? expiresAt));
}
