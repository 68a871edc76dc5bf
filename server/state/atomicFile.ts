// Writes a state file so that a crash leaves either the old or the new content, never half of one.

import { open, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CREATE_NEW_FLAGS, DIRECTORY_FLAGS } from './noFollow.js';

/** Bytes of randomness in a temp file's name: two writers of one file never pick the same one. */
const TEMP_NAME_BYTES = 6;

/**
 * Writes to a fresh temp file beside `path`, syncs it, renames it over `path` and syncs the
 * directory. rename replaces a link at `path` instead of following it. Callers that write one
 * file from several places go through StateFileStore, which keeps the renames in order.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  mode: number,
): Promise<void> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(TEMP_NAME_BYTES).toString('hex')}.tmp`,
  );
  const handle = await open(temp, CREATE_NEW_FLAGS, mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  // Make the rename itself durable.
  const directory = await open(dirname(path), DIRECTORY_FLAGS);
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
