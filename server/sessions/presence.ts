// Who is in a session — web clients of this gateway and native tmux clients — and the coalesced
// `presence` pushes: owners get every detail, everyone else names, roles and kinds.

import type { Disposable } from '../../shared/lifecycle.js';
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

/** Native tmux clients come and go without telling the gateway: look again this often. */
export const NATIVE_CLIENT_POLL_MS = 5000;

export const NATIVE_ID_PREFIX = 'native-';

/** Every client of the session, web first, then native ones (not the gateway's own). */
export async function sessionPresence(session: LiveSession): Promise<PresenceClient[]> {
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

export class PresenceBroadcaster {
  private timer: NodeJS.Timeout | undefined;
  private readonly poll: NodeJS.Timeout;
  private readonly subscription: Disposable;
  private pushes = 0;
  /** What each member was sent last: the same list is not sent again (the 5 s poll, say). */
  private readonly lastSent = new WeakMap<SessionMember, string>();

  constructor(
    private readonly session: LiveSession,
    private readonly log: Logger,
  ) {
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

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.push();
    }, PRESENCE_COALESCE_MS);
  }

  dispose(): void {
    clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
  }

  private async push(): Promise<void> {
    if (this.session.members.size === 0) return;
    try {
      const { full, reduced } = presenceMessages(await sessionPresence(this.session));
      this.pushes += 1;
      for (const member of this.session.members) {
        const message = canManage(member.role) ? full : reduced;
        if (this.lastSent.get(member) === message) continue;
        this.lastSent.set(member, message);
        member.sendPresence(message);
      }
    } catch (error) {
      this.log.warn('presence_failed', { session: this.session.name, error: errorMessage(error) });
    }
  }
}
