// Opening state files without following symbolic links, so a link planted in the state directory
// after the start-up check is refused instead of read or written through.

import { constants, openSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

const { O_RDONLY, O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_DIRECTORY } = constants;

/** A new file that must not exist yet (a temp file): O_EXCL never follows a link either. */
export const CREATE_NEW_FLAGS = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;
/** The state directory itself, opened to fsync a rename into it or to fstat/fchmod it. */
export const DIRECTORY_FLAGS = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
const READ_FLAGS = O_RDONLY | O_NOFOLLOW;
const APPEND_FLAGS = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW;

function symlinkRefusal(path: string): Error {
  return new Error(
    `${path}: is a symbolic link; the gateway does not follow links in its state directory (remove it, and find out who made it)`,
  );
}

/** Rewrites ELOOP (the last component is a link) as an error that names the path. */
function explain(path: string, error: unknown): unknown {
  return (error as NodeJS.ErrnoException).code === 'ELOOP' ? symlinkRefusal(path) : error;
}

/** The text of a regular state file; undefined when it does not exist. */
export async function readStateText(path: string): Promise<string | undefined> {
  return (await readStateBytes(path))?.toString('utf8');
}

/** The bytes of a regular state file; undefined when it does not exist. */
export async function readStateBytes(path: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw explain(path, error);
  }
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${path}: is not a regular file`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** A file descriptor for appending to a state file (created with `mode` if absent). */
export function openAppendSync(path: string, mode: number): number {
  try {
    return openSync(path, APPEND_FLAGS, mode);
  } catch (error) {
    throw explain(path, error);
  }
}

/** A handle for appending to a state file (created with `mode` if absent), for async writers. */
export async function openAppend(path: string, mode: number): Promise<FileHandle> {
  try {
    return await open(path, APPEND_FLAGS, mode);
  } catch (error) {
    throw explain(path, error);
  }
}
