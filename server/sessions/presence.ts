// Who is in a session — web clients of this gateway and native tmux clients — and the coalesced
// `presence` pushes: owners get every detail, everyone else names, roles and kinds.

import type { Disposable } from '../../shared/lifecycle.js';
import type { Timers } from '../../shared/timers.js';
import { realTimers } from '../realTimers.js';
import {
  PUBLIC_PRESENCE_LIMIT,
  encodeMessage,
  type PresenceClient,
} from '../../shared/protocol.js';
import { canManage } from '../../shared/roles.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import { listSessionClients } from '../tmux/clients.js';
import type { LiveSession, SessionMember } from './sessionRegistry.js';

/**
 * Changes within this window become one push: 200 viewers joining at once cause a handful of
 * presence messages, not 200² of them.
 */
export const PRESENCE_COALESCE_MS = 250;

/**
 * Non-owners' presence changes, while a crowd joins, only in its counts; sending it to every one of
 * them each PRESENCE_COALESCE_MS would be members × 4 messages a second (8,000 at 2,000 viewers).
 * It goes out once per this many members per PRESENCE_COALESCE_MS…
 */
const MEMBERS_PER_REDUCED_STEP = 100;

/** …and at least this often while it changes: counts a few seconds old are still right enough. */
const MAX_REDUCED_INTERVAL_MS = 5000;

/** How long the reduced presence waits after its last push, for a session of `members`. */
export function reducedPresenceIntervalMs(members: number): number {
  const steps = Math.max(1, Math.ceil(members / MEMBERS_PER_REDUCED_STEP));
  return Math.min(MAX_REDUCED_INTERVAL_MS, PRESENCE_COALESCE_MS * steps);
}

/** Native tmux clients come and go without telling the gateway: look again this often. */
export const NATIVE_CLIENT_POLL_MS = 5000;

export const NATIVE_ID_PREFIX = 'native-';

/** Every client of the session, web first, then native ones (not the gateway's own). */
export async function sessionPresence(session: PresenceSession): Promise<PresenceClient[]> {
  const now = Math.floor(Date.now() / 1000);
  let tmuxClients: Awaited<ReturnType<typeof listSessionClients>> = [];
  try {
    tmuxClients = await listSessionClients(session.tmux, session.config.target);
  } catch {
    // Session or server gone: no native clients to show.
  }
  // Read after tmux answered: a browser attaching meanwhile must not show up as native.
  const members = [...session.members];
  const web = members.map((member) => member.presence());
  const ours = session.gatewayClientPids();
  const native = tmuxClients
    .filter((client) => !ours.has(client.pid))
    .map((client): PresenceClient => ({
      id: `${NATIVE_ID_PREFIX}${client.pid}`,
      kind: 'native',
      user: client.user,
      role: client.readOnly ? 'viewer' : 'writer',
      since: new Date(client.created * 1000).toISOString(),
      cols: client.cols,
      rows: client.rows,
      idleSeconds: Math.max(0, now - client.activity),
      tty: client.tty,
    }));
  return [...web, ...native];
}

/** What non-owners may know of a client. */
export function publicPresence(client: PresenceClient): PresenceClient {
  return {
    id: client.id,
    kind: client.kind,
    user: client.user,
    role: client.role,
    ...(client.guest === undefined ? {} : { guest: client.guest }),
  };
}

/**
 * The two `presence` messages of one moment, each encoded once: every client for owners; for
 * everyone else what they may know of the first PUBLIC_PRESENCE_LIMIT (writers first). Both
 * carry the counts of everyone.
 */
export function presenceMessages(clients: PresenceClient[]): { full: string; reduced: string } {
  const total = clients.length;
  const viewers = clients.filter((client) => client.role === 'viewer').length;
  const writersFirst = [
    ...clients.filter((client) => client.role !== 'viewer'),
    ...clients.filter((client) => client.role === 'viewer'),
  ];
  const listed = writersFirst.slice(0, PUBLIC_PRESENCE_LIMIT).map(publicPresence);
  return {
    full: encodeMessage({ type: 'presence', clients, total, viewers }),
    reduced: encodeMessage({ type: 'presence', clients: listed, total, viewers }),
  };
}

/** What the broadcaster reads of a session (a LiveSession; a fake in unit tests). */
export type PresenceSession = Pick<
  LiveSession,
  'name' | 'members' | 'onChanged' | 'tmux' | 'config' | 'gatewayClientPids'
>;

export interface PresenceBroadcasterOptions {
  timers?: Timers | undefined;
  now?: (() => number) | undefined;
}

/**
 * Pushes a session's presence, coalesced: owners get the full list at most once per
 * PRESENCE_COALESCE_MS; the others' reduced list changes only in its counts while a crowd joins,
 * and goes out at most once per reducedPresenceIntervalMs(members). A member who has no list yet
 * gets the current one at once. A push costs O(members): each is encoded and framed once, and
 * what a member was sent last is compared by identity.
 */
export class PresenceBroadcaster {
  private timer: unknown;
  private timerDue = 0;
  private readonly poll: NodeJS.Timeout;
  private readonly subscription: Disposable;
  private readonly timers: Timers;
  private readonly now: () => number;
  private pushes = 0;
  /** A push is under way (it waits for tmux): the next starts after it, never beside it. */
  private pushing = false;
  private pushAgain = false;
  private disposed = false;
  /** The messages last sent to owners and to everyone else, one string object each. */
  private full = '';
  private reduced = '';
  private reducedSentAt = -Infinity;
  /** What each member was sent last: the same list is not sent again (the 5 s poll, say). */
  private readonly lastSent = new WeakMap<SessionMember, string>();

  constructor(
    private readonly session: PresenceSession,
    private readonly log: Logger,
    options: PresenceBroadcasterOptions = {},
  ) {
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? Date.now;
    this.subscription = session.onChanged(() => this.schedule());
    this.poll = setInterval(() => {
      if (this.session.members.size > 0) this.schedule();
    }, NATIVE_CLIENT_POLL_MS);
    this.poll.unref();
  }

  /** How many pushes went out (each to every member); for tests of the coalescing. */
  get pushCount(): number {
    return this.pushes;
  }

  /** Pushes after `delayMs`, or sooner if a push is already due sooner. */
  schedule(delayMs = PRESENCE_COALESCE_MS): void {
    // A push that was under way at dispose ends without scheduling another.
    if (this.disposed) return;
    const due = this.now() + delayMs;
    if (this.timer !== undefined) {
      if (this.timerDue <= due) return;
      this.timers.clearTimeout(this.timer);
    }
    this.timerDue = due;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.poll);
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.subscription.dispose();
  }

  private async run(): Promise<void> {
    if (this.pushing) {
      this.pushAgain = true;
      return;
    }
    this.pushing = true;
    try {
      await this.push();
    } finally {
      this.pushing = false;
    }
    if (this.pushAgain) {
      this.pushAgain = false;
      this.schedule();
    }
  }

  private async push(): Promise<void> {
    if (this.session.members.size === 0) return;
    try {
      const messages = presenceMessages(await sessionPresence(this.session));
      this.pushes += 1;
      // Equal content keeps the old string object: each member's check is then one identity test.
      if (messages.full !== this.full) this.full = messages.full;
      const latestReduced = messages.reduced === this.reduced ? this.reduced : messages.reduced;
      this.releaseReduced(latestReduced);
      for (const member of this.session.members) {
        const sent = this.lastSent.get(member);
        const message = canManage(member.role)
          ? this.full
          : sent === undefined
            ? latestReduced
            : this.reduced;
        if (sent === message) continue;
        this.lastSent.set(member, message);
        member.sendPresence(message);
      }
    } catch (error) {
      this.log.warn('presence_failed', { session: this.session.name, error: errorMessage(error) });
    }
  }

  /** Makes `latest` the reduced message everyone gets, unless that was done too recently. */
  private releaseReduced(latest: string): void {
    if (latest === this.reduced) return;
    const now = this.now();
    const wait = this.reducedSentAt + reducedPresenceIntervalMs(this.session.members.size) - now;
    if (wait > 0) {
      // Never sooner than the usual interval: owners' pushes stay PRESENCE_COALESCE_MS apart.
      this.schedule(Math.max(wait, PRESENCE_COALESCE_MS));
      return;
    }
    this.reduced = latest;
    this.reducedSentAt = now;
  }
}
