// Logins ended by logout before they expired, kept (with their expiry) in the state directory so
// a copied cookie stays dead across restarts. Entries drop out once the cookie would have expired.

import { z } from 'zod';
import { StateFileStore } from '../state/stateFileStore.js';

const REVOKED_FILE = 'revoked-logins.json';
const fileSchema = z.record(z.string(), z.number());

export class RevokedLogins {
  private constructor(
    private readonly file: StateFileStore<Record<string, number>>,
    private readonly revoked: Map<string, number>,
    private readonly now: () => number,
  ) {}

  static async load(stateDir: string, now: () => number = Date.now): Promise<RevokedLogins> {
    const file = StateFileStore.in(
      stateDir,
      REVOKED_FILE,
      fileSchema,
      'a map of login id to expiry',
    );
    const revoked = new Map<string, number>(Object.entries((await file.load()) ?? {}));
    return new RevokedLogins(file, revoked, now);
  }

  isRevoked(id: string): boolean {
    return this.revoked.has(id);
  }

  async revoke(id: string, expiresAt: number): Promise<void> {
    const now = this.now();
    for (const [key, expiry] of this.revoked) if (expiry <= now) this.revoked.delete(key);
    this.revoked.set(id, expiresAt);
    await this.file.save(() => Object.fromEntries(this.revoked));
  }
}
