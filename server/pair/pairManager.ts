// `tmuxgate pair`: a fresh tmux session on its own socket under the state directory, a writer
// link and a viewer link for it, and cleanup (links revoked, tmux server and socket removed, the
// session forgotten) when the session ends or its time is up — across gateway restarts too.

import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditLog } from '../audit.js';
import type { LinkService } from '../links/linkService.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import { localTmux } from '../tmux/localTmux.js';
import { ensureSession, hasSession } from '../tmux/sessionControl.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';
import type { PairRecord, PairStore } from './pairStore.js';
import { lookUpGroup } from './unixGroup.js';

/** How often pair sessions are checked for having ended or expired. */
export const PAIR_WATCH_MS = 2000;
export const PAIR_DIR = 'pair';
/** A working day, as the command line's default. */
export const DEFAULT_PAIR_TTL_SECONDS = 8 * 60 * 60;
const PRIVATE_DIR_MODE = 0o700;
/** With a group: members may reach the socket (x), not list the directory. */
const GROUP_DIR_MODE = 0o710;
const GROUP_SOCKET_MODE = 0o660;

export class PairError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PairError';
  }
}

export interface PairCreated {
  name: string;
  socket: string;
  expiresAt: string;
  writerToken: string;
  viewerToken: string;
}

export interface PairManagerOptions {
  stateDir: string;
  store: PairStore;
  sessions: SessionRegistry;
  links: LinkService;
  audit: AuditLog;
  log: Logger;
  now?: () => number;
}

export class PairManager {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private readonly now: () => number;

  constructor(private readonly options: PairManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Serves the pair sessions that are still alive and cleans up the others. */
  async start(): Promise<void> {
    for (const pair of [...this.options.store.all()]) {
      if (!this.options.sessions.get(pair.name)) this.register(pair);
    }
    await this.check();
    this.timer = setInterval(() => void this.check(), PAIR_WATCH_MS);
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async create(ttlSeconds: number, groupName: string | null, by: string): Promise<PairCreated> {
    const group = groupName === null ? undefined : await lookUpGroup(groupName);
    if (groupName !== null && !group) throw new PairError(`no Unix group named "${groupName}"`);
    const name = `pair-${randomBytes(4).toString('hex')}`;
    const dir = join(this.options.stateDir, PAIR_DIR);
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const socket = join(dir, `${name}.sock`);
    // Pair sessions are on this machine: their socket is under the state directory.
    const tmux = localTmux(socket);
    await ensureSession(tmux, name);
    if (group) {
      await chown(dir, -1, group.gid);
      await chmod(dir, GROUP_DIR_MODE);
      await chown(socket, -1, group.gid);
      await chmod(socket, GROUP_SOCKET_MODE);
      // tmux 3.3 also checks an access list: the group's members must be on it.
      for (const member of group.members) {
        await tmux.run(['server-access', '-a', member]).catch((error: unknown) =>
          this.options.log.warn('pair_server_access_failed', {
            member,
            error: errorMessage(error),
          }),
        );
      }
    }
    const now = this.now();
    const pair: PairRecord = {
      name,
      socket,
      createdBy: by,
      createdAt: now,
      expiresAt: now + ttlSeconds * 1000,
      group: group?.name ?? null,
    };
    await this.options.store.add(pair);
    this.register(pair);
    const writer = await this.options.links.create(
      name,
      { role: 'writer', ttlSeconds, maxUses: null },
      by,
    );
    const viewer = await this.options.links.create(
      name,
      { role: 'viewer', ttlSeconds, maxUses: null },
      by,
    );
    this.options.audit.write({
      event: 'pair-created',
      session: name,
      by,
      expiresAt: new Date(pair.expiresAt).toISOString(),
      reason: group ? `group ${group.name}` : 'private',
    });
    return {
      name,
      socket,
      expiresAt: new Date(pair.expiresAt).toISOString(),
      writerToken: writer.token,
      viewerToken: viewer.token,
    };
  }

  private register(pair: PairRecord): void {
    this.options.sessions.add({
      name: pair.name,
      socket: pair.socket,
      target: pair.name,
      create: false,
      access: {},
    });
  }

  /** The tmux server of a pair: its registered session's, or (not yet registered) a local one. */
  private tmuxOf(pair: PairRecord): TmuxServer {
    return this.options.sessions.get(pair.name)?.tmux ?? localTmux(pair.socket);
  }

  /** Cleans up every pair session that ended or expired. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const pair of [...this.options.store.all()]) {
        if (pair.expiresAt <= this.now()) await this.cleanUp(pair, 'expired');
        else if (!(await hasSession(this.tmuxOf(pair), pair.name)))
          await this.cleanUp(pair, 'ended');
      }
    } catch (error) {
      this.options.log.error('pair_check_failed', { error: errorMessage(error) });
    } finally {
      this.checking = false;
    }
  }

  private async cleanUp(pair: PairRecord, reason: 'ended' | 'expired'): Promise<void> {
    const { links, sessions, store, audit, log } = this.options;
    await links.revokeSession(pair.name, 'pair cleanup');
    for (const member of [...(sessions.get(pair.name)?.members ?? [])]) {
      member.end(
        'session-ended',
        reason === 'expired' ? 'The pair session expired.' : 'The pair session ended.',
      );
    }
    await this.tmuxOf(pair)
      .run(['kill-server'])
      .catch(() => undefined);
    await unlink(pair.socket).catch(() => undefined);
    sessions.remove(pair.name);
    await store.remove(pair.name);
    audit.write({ event: 'pair-cleaned-up', session: pair.name, reason });
    log.info('pair_cleaned_up', { session: pair.name, reason });
  }
}
