// Pair sessions the gateway created (`tmuxgate pair`), persisted so that a restarted gateway
// still serves them and still cleans them up when they end or expire.

import { z } from 'zod';
import { StateFileStore } from '../state/stateFileStore.js';

export const PAIRS_FILE = 'pairs.json';

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
    private readonly file: StateFileStore<PairRecord[]>,
    private pairs: PairRecord[],
  ) {}

  static async load(stateDir: string): Promise<PairStore> {
    const file = StateFileStore.in(stateDir, PAIRS_FILE, fileSchema, 'a list of pair sessions');
    return new PairStore(file, (await file.load()) ?? []);
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

  private save(): Promise<void> {
    return this.file.save(() => this.pairs);
  }
}
