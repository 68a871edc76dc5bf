// Where recordings live (<stateDir>/recordings/<session>/<id>.cast), listing them, resolving a
// requested id to a path without ever leaving the session's directory, and retention.

import { chmod, mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { isValidName } from '../../shared/names.js';
import {
  CAST_EXTENSION,
  RECORDING_FILE_PATTERN,
  isRecordingId,
  recordingStart,
} from './castFormat.js';

export const RECORDINGS_DIR = 'recordings';
/** Recording directories are private to the gateway's user, like the state directory. */
const RECORDING_DIR_MODE = 0o700;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The last event is looked for in this much of a file's end first, then in twice as much, … */
const TAIL_BYTES = 64 * 1024;

export interface RecordingInfo {
  id: string;
  startedAt: string;
  /** When its last event happened; absent while it is still being written. */
  endedAt?: string;
  bytes: number;
  durationSeconds: number;
}

export function recordingsRoot(stateDir: string): string {
  return join(stateDir, RECORDINGS_DIR);
}

/** Creates (or tightens) `<root>/<session>`, both levels 0700, and returns its path. */
export async function ensureSessionDir(root: string, session: string): Promise<string> {
  const dir = sessionDir(root, session);
  await mkdir(dir, { recursive: true, mode: RECORDING_DIR_MODE });
  await chmod(root, RECORDING_DIR_MODE);
  await chmod(dir, RECORDING_DIR_MODE);
  return dir;
}

function sessionDir(root: string, session: string): string {
  if (!isValidName(session)) throw new Error(`invalid session name "${session}"`);
  return join(root, session);
}

/**
 * The file of recording `id` of `session`, or undefined when `id` is not a recording id. The
 * path is resolved and checked to be directly inside the session's directory.
 */
export function recordingPath(root: string, session: string, id: string): string | undefined {
  if (!isValidName(session) || !isRecordingId(id)) return undefined;
  const dir = resolve(root, session);
  const path = resolve(dir, id + CAST_EXTENSION);
  return path.startsWith(dir + sep) && !path.slice(dir.length + 1).includes(sep) ? path : undefined;
}

/** A session's recordings, newest first. `activeId` is the one still being written. */
export async function listRecordings(
  root: string,
  session: string,
  activeId?: string,
): Promise<RecordingInfo[]> {
  let names: string[];
  try {
    names = await readdir(sessionDir(root, session));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const list: RecordingInfo[] = [];
  for (const name of names.filter((entry) => RECORDING_FILE_PATTERN.test(entry)).sort()) {
    const id = name.slice(0, -CAST_EXTENSION.length);
    const started = recordingStart(id);
    const path = recordingPath(root, session, id);
    if (!started || !path) continue;
    try {
      const { size, seconds } = await lastEventTime(path);
      const info: RecordingInfo = {
        id,
        startedAt: started.toISOString(),
        bytes: size,
        durationSeconds: seconds,
      };
      if (id !== activeId) {
        info.endedAt = new Date(started.getTime() + Math.round(seconds * 1000)).toISOString();
      }
      list.push(info);
    } catch {
      // Removed meanwhile (retention), or unreadable: not listed.
    }
  }
  return list.reverse();
}

/** The file's size and the time of its last event (0 with no events). */
async function lastEventTime(path: string): Promise<{ size: number; seconds: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    for (let window = TAIL_BYTES; ; window *= 2) {
      const length = Math.min(window, size);
      const buffer = Buffer.alloc(length);
      await file.read(buffer, 0, length, size - length);
      const text = buffer.toString('utf8').replace(/\n+$/, '');
      const start = text.lastIndexOf('\n');
      if (start < 0 && length < size) continue; // the last line is longer than the window
      const last: unknown = JSON.parse(text.slice(start + 1));
      const seconds = Array.isArray(last) && typeof last[0] === 'number' ? last[0] : 0;
      return { size, seconds };
    }
  } finally {
    await file.close();
  }
}

/**
 * Removes recording files (of every session under `root`) last written more than `retentionDays`
 * ago, except those in `keep` (files being written). Returns the paths removed.
 */
export async function removeExpired(
  root: string,
  retentionDays: number,
  nowMs: number,
  keep: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const removed: string[] = [];
  let sessions: string[];
  try {
    sessions = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return removed;
    throw error;
  }
  const cutoff = nowMs - retentionDays * DAY_MS;
  for (const session of sessions.filter(isValidName)) {
    let names: string[];
    try {
      names = await readdir(join(root, session));
    } catch {
      continue; // not a directory
    }
    for (const name of names.filter((entry) => RECORDING_FILE_PATTERN.test(entry))) {
      const path = resolve(root, session, name);
      if (keep.has(path)) continue;
      try {
        const info = await stat(path);
        if (!info.isFile() || info.mtimeMs >= cutoff) continue;
        await unlink(path);
        removed.push(path);
      } catch {
        // Gone meanwhile.
      }
    }
  }
  return removed;
}
