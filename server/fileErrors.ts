// Why a file could not be read, in words an operator acts on, for configuration and TLS errors.

import { errorMessage } from './log.js';

/** `no such file`, `permission denied`, `it is a directory`, or the error's own message. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return errorMessage(error);
}
