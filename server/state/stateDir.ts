// The gateway's private state directory: created 0700 on first start, and refused at start when
// it or anything in it could have been planted or changed by someone else (see docs/operations.md).

import type { Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { DIRECTORY_FLAGS } from './noFollow.js';

const STATE_DIR_MODE = 0o700;
/** Write for group or others: whoever has it can plant, swap or remove entries. */
const GROUP_OR_OTHER_WRITE = 0o022;
const OTHER_WRITE = 0o002;
/** Group search on the state directory: how a pair's group reaches its socket (docs/sharing.md). */
const GROUP_SEARCH = 0o010;
/** Everything else group and others could have on the directory; tightened, with a warning. */
const LOOSE_BITS = 0o077 & ~GROUP_SEARCH;
/**
 * Subdirectories the gateway makes and writes into, with how deep it writes: pair/<name>.sock,
 * recordings/<session>/<id>.cast. Other subdirectories are checked themselves, not walked.
 */
const OWNED_SUBDIRS: Readonly<Record<string, number>> = { pair: 1, recordings: 2 };
/** Where group-writable sockets are allowed (never world-writable ones). */
const GROUP_SHARED_SUBDIR = 'pair';

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TMUXGATE_STATE_DIR ?? join(homedir(), '.local', 'state', 'tmuxgate');
}

function modeText(info: Stats): string {
  return (info.mode & 0o777).toString(8);
}

interface Rules {
  /** Group write is allowed on sockets here (group-shared pair sockets). */
  groupMayWriteSockets: boolean;
  /** The chmod that fixes a writable entry (`go-w`; `700` for the state directory itself). */
  chmodFix: string;
}

const ENTRY_RULES: Rules = { groupMayWriteSockets: false, chmodFix: 'go-w' };
/** Group-shared pair sockets are 0660 on purpose (`tmuxgate pair --group G`). */
const PAIR_RULES: Rules = { groupMayWriteSockets: true, chmodFix: 'go-w' };

/** What is wrong with one entry: a link, someone else's, or writable by those it must not be. */
function entryProblems(path: string, info: Stats, rules: Rules): string[] {
  if (info.isSymbolicLink()) {
    return [
      `${path}: is a symbolic link; the gateway does not follow links in its state directory (remove it, and find out who made it)`,
    ];
  }
  const problems: string[] = [];
  const uid = process.geteuid?.();
  if (uid !== undefined && info.uid !== uid) {
    problems.push(
      `${path}: owned by uid ${info.uid}, not by the gateway's user (uid ${uid}); chown it to that user or remove it`,
    );
  }
  const mode = modeText(info);
  if (rules.groupMayWriteSockets && info.isSocket()) {
    if ((info.mode & OTHER_WRITE) !== 0)
      problems.push(`${path}: world-writable (mode ${mode}); run chmod o-w ${path}`);
  } else if ((info.mode & GROUP_OR_OTHER_WRITE) !== 0) {
    problems.push(
      `${path}: group- or world-writable (mode ${mode}); run chmod ${rules.chmodFix} ${path}`,
    );
  }
  return problems;
}

/** Every entry of `dir`, and with depth > 1 the entries of its subdirectories too. */
async function entriesProblems(dir: string, depth: number, rules: Rules): Promise<string[]> {
  const problems: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    const info = await lstat(path);
    const own = entryProblems(path, info, rules);
    problems.push(...own);
    if (own.length === 0 && depth > 1 && info.isDirectory())
      problems.push(...(await entriesProblems(path, depth - 1, rules)));
  }
  return problems;
}

/**
 * Everything that makes the state directory unsafe to trust: the directory or an entry is a
 * symbolic link, belongs to another user, or others may write to it. Its ancestors are not
 * checked (a home directory may well be a link). Empty when all is well.
 */
export async function stateDirProblems(path: string): Promise<string[]> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) {
    const real = await realpath(path).catch(() => readlink(path));
    return [
      `${path}: is a symbolic link (to ${real}); set stateDir (or TMUXGATE_STATE_DIR) to the directory itself`,
    ];
  }
  if (!info.isDirectory()) return [`${path}: is not a directory`];
  const problems = entryProblems(path, info, { ...ENTRY_RULES, chmodFix: '700' });
  for (const name of (await readdir(path)).sort()) {
    const entry = join(path, name);
    const entryInfo = await lstat(entry);
    const own = entryProblems(entry, entryInfo, ENTRY_RULES);
    problems.push(...own);
    const depth = OWNED_SUBDIRS[name];
    if (own.length === 0 && depth !== undefined && entryInfo.isDirectory()) {
      const rules = name === GROUP_SHARED_SUBDIR ? PAIR_RULES : ENTRY_RULES;
      problems.push(...(await entriesProblems(entry, depth, rules)));
    }
  }
  return problems;
}

/**
 * Creates the state directory (0700) if missing, refuses to start when stateDirProblems finds
 * anything (every problem listed, with its fix), and takes away read and search bits that group
 * and others need not have.
 */
export async function ensureStateDir(path: string, log: Logger): Promise<void> {
  // Only when nothing is there: mkdir would follow a link in its place (or fail on a dangling one).
  const existing = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!existing) await mkdir(path, { recursive: true, mode: STATE_DIR_MODE });
  const problems = await stateDirProblems(path);
  if (problems.length > 0) {
    throw new Error(
      `${path}: unsafe state directory; nothing in it is used until this is fixed:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
    );
  }
  // Through a no-follow handle: the directory checked above is the one tightened.
  const directory = await open(path, DIRECTORY_FLAGS);
  try {
    const mode = (await directory.stat()).mode & 0o777;
    if ((mode & LOOSE_BITS) !== 0) {
      log.warn('state_dir_permissions_tightened', { path, mode: mode.toString(8) });
      await directory.chmod(STATE_DIR_MODE | (mode & GROUP_SEARCH));
    }
  } finally {
    await directory.close();
  }
}
