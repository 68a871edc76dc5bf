// Pair sessions the gateway created (`tmuxgate pair`), persisted so that a restarted gateway
// still serves them and still cleans them up when they end or expire.

import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../state/atomicFile.js';
import { readJsonStateFile } from '../state/jsonStateFile.js';

export const PAIRS_FILE = 'pairs.json';
const FILE_MODE = 0o600;

const pairSchema = z.strictObject({
  name: z.string(),
  socket: z.string(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  group: z.string().nullable(),
});
export type PairRecord = z.infer<typeof pairSchema>;
const fileSchema = z.array(pairSchema);

export class PairStore {
  private constructor(
    private readonly path: string,
    private pairs: PairRecord[],
  ) {}

  static async load(stateDir: string): Promise<PairStore> {
    const path = join(stateDir, PAIRS_FILE);
    const pairs = await readJsonStateFile(path, fileSchema, 'a list of pair sessions');
    return new PairStore(path, pairs ?? []);
  }

  all(): readonly PairRecord[] {
    return this.pairs;
  }

  async add(pair: PairRecord): Promise<void> {
    this.pairs.push(pair);
    await this.save();
  }

  async remove(name: string): Promise<void> {
    this.pairs = this.pairs.filter((pair) => pair.name !== name);
    await this.save();
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.path, JSON.stringify(this.pairs), FILE_MODE);
  }
}
