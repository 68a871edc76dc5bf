// The key that signs login cookies, kept in the state directory (0600) so logins survive restarts.

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile.js';
import { readStateText } from './noFollow.js';
import { STATE_FILE_MODE } from './stateFileStore.js';

const SECRET_FILE = 'secret.key';
/** 256 bits: HMAC-SHA256 gains nothing from a longer key. */
const SECRET_BYTES = 32;

export async function loadOrCreateSecret(stateDir: string): Promise<Buffer> {
  const path = join(stateDir, SECRET_FILE);
  // Never through a link: a key whose content someone else chose would let them forge cookies.
  const text = await readStateText(path);
  if (text === undefined) {
    const secret = randomBytes(SECRET_BYTES);
    await writeFileAtomic(path, `${secret.toString('hex')}\n`, STATE_FILE_MODE);
    return secret;
  }
  const secret = Buffer.from(text.trim(), 'hex');
  if (secret.length !== SECRET_BYTES || !/^[0-9a-f]+$/.test(text.trim())) {
    // Never silently replace it: that would sign everyone out and hide whatever damaged the file.
    throw new Error(
      `${path}: corrupt secret (expected ${SECRET_BYTES * 2} hex digits); delete it to sign everyone out and start afresh`,
    );
  }
  return secret;
}
