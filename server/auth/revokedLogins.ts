// Logins ended by logout before they expired, kept (with their expiry) in the state directory so
// a copied cookie stays dead across restarts. Entries drop out once the cookie would have expired.

import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../state/atomicFile.js';
import { readJsonStateFile } from '../state/jsonStateFile.js';

const REVOKED_FILE = 'revoked-logins.json';
const FILE_MODE = 0o600;
const fileSchema = z.record(z.string(), z.number());

export class RevokedLogins {
  private constructor(
    private readonly path: string,
    private readonly revoked: Map<string, number>,
    private readonly now: () => number,
  ) {}

  static async load(stateDir: string, now: () => number = Date.now): Promise<RevokedLogins> {
    const path = join(stateDir, REVOKED_FILE);
    const stored = await readJsonStateFile(path, fileSchema, 'a map of login id to expiry');
    const revoked = new Map<string, number>(Object.entries(stored ?? {}));
    return new RevokedLogins(path, revoked, now);
  }

  isRevoked(id: string): boolean {
    return this.revoked.has(id);
  }

  async revoke(id: string, expiresAt: number): Promise<void> {
    const now = this.now();
    for (const [key, expiry] of this.revoked) if (expiry <= now) this.revoked.delete(key);
    this.revoked.set(id, expiresAt);
    await writeFileAtomic(this.path, JSON.stringify(Object.fromEntries(this.revoked)), FILE_MODE);
  }
}
