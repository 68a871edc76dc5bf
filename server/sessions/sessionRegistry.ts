// The sessions this gateway serves (from its config) and the web connections open on each.

import { Emitter, type Event } from '../../shared/lifecycle.js';
import type { PresenceClient } from '../../shared/protocol.js';
import type { LiveRole, Role } from '../../shared/roles.js';
import type { Identity } from '../auth/identity.js';
import { DEFAULT_LIMITS, type SessionConfig } from '../config/gatewayConfig.js';
import { localTmux } from '../tmux/localTmux.js';
import { SizeGuard } from '../tmux/sizeGuard.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';
import { SessionViewers } from '../viewers/sessionViewers.js';
import { SessionLiveness } from './sessionLiveness.js';
import { WriteRequestCooldown } from './writeRequests.js';

/** A browser connected to a session, as the rest of the gateway sees it. */
export interface SessionMember {
  readonly clientId: string;
  readonly identity: Identity;
  readonly role: Role;
  /** pid of its `tmux attach` (tmux's #{client_pid}), once attached. */
  readonly attachPid: number | undefined;
  /** A viewer who asked for write access and has not been answered. */
  wantsWrite: boolean;
  end(reason: 'shutdown' | 'session-ended' | 'kicked' | 'revoked', message: string): void;
  /** Switches between viewer and writer live: input gate and tmux read-only flag together. */
  setRole(role: LiveRole): Promise<void>;
  /** Everything an owner may see of this client. */
  presence(): PresenceClient;
  /** Sends a `presence` message, encoded once for everyone of the same audience. */
  sendPresence(encoded: string): void;
  /** Someone typed into the session: send the next output at once rather than coalescing it. */
  expectEcho(): void;
}

/** The tmux server a session's config names (local by default; another host later). */
export type TmuxServerFactory = (config: SessionConfig) => TmuxServer;

export const localTmuxServers: TmuxServerFactory = (config) => localTmux(config.socket);

/** Limits every session of a gateway applies to its viewers (from LimitsConfig). */
export interface SessionLimits {
  /** LimitsConfig.ownSizeGroupsPerSession. */
  ownSizeGroupsPerSession: number;
}

export class LiveSession {
  /** The tmux server behind the session: every tmux command and client of it goes through this. */
  readonly tmux: TmuxServer;
  readonly members = new Set<SessionMember>();
  /** tmux clients the gateway keeps for itself (the recorder): never listed, counted or kicked. */
  readonly internalClientPids = new Set<number>();
  /** Held by every read-only tmux client of the gateway (viewers, recorder): none sizes the window. */
  readonly sizeGuard: SizeGuard;
  /** The shared read-only tmux clients of this session's viewers. */
  readonly viewers: SessionViewers;
  /** Whether its tmux session runs, asked once for many browsers. */
  readonly liveness: SessionLiveness;
  /** Write requests per person, not per connection: a reconnect does not reset the interval. */
  readonly writeRequests = new WriteRequestCooldown();
  private readonly changes = new Emitter<void>();
  /** Fires whenever who is here, their roles or sizes change (presence is pushed, coalesced). */
  readonly onChanged: Event<void> = this.changes.event;
  constructor(
    readonly config: SessionConfig,
    limits: SessionLimits = DEFAULT_LIMITS,
    tmuxFor: TmuxServerFactory = localTmuxServers,
  ) {
    this.tmux = tmuxFor(config);
    this.sizeGuard = new SizeGuard(this.tmux, config.target);
    this.viewers = new SessionViewers(
      config,
      this.tmux,
      this.sizeGuard,
      limits.ownSizeGroupsPerSession,
    );
    this.liveness = new SessionLiveness(this.tmux, config);
  }

  /** Says that who is here, a role or a size changed. */
  changed(): void {
    this.changes.fire();
  }

  /** pids of every tmux client the gateway holds on this session: browsers' and its own. */
  gatewayClientPids(): Set<number> {
    const pids = new Set([
      ...this.internalClientPids,
      ...this.viewers.pids,
      ...this.sizeGuard.pids,
    ]);
    for (const member of this.members)
      if (member.attachPid !== undefined) pids.add(member.attachPid);
    return pids;
  }

  findMember(clientId: string): SessionMember | undefined {
    for (const member of this.members) if (member.clientId === clientId) return member;
    return undefined;
  }

  get name(): string {
    return this.config.name;
  }
}

/** Runs for every session added (for example, its presence broadcaster); returns its undo. */
export type SessionAttachment = (session: LiveSession) => () => void;

export class SessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly detachments = new Map<string, () => void>();

  constructor(
    configs: readonly SessionConfig[],
    private readonly attach: SessionAttachment = () => () => undefined,
    private readonly limits: SessionLimits = DEFAULT_LIMITS,
    private readonly tmuxFor: TmuxServerFactory = localTmuxServers,
  ) {
    for (const config of configs) this.add(config);
  }

  /** Adds a session (from the config, or one the gateway created itself: a pair session). */
  add(config: SessionConfig): LiveSession {
    if (this.sessions.has(config.name)) throw new Error(`duplicate session name "${config.name}"`);
    const session = new LiveSession(config, this.limits, this.tmuxFor);
    this.sessions.set(config.name, session);
    this.detachments.set(config.name, this.attach(session));
    return session;
  }

  /** Forgets a session; its browsers must have been ended already. */
  remove(name: string): void {
    this.sessions.get(name)?.viewers.dispose();
    this.detachments.get(name)?.();
    this.detachments.delete(name);
    this.sessions.delete(name);
  }

  /** Undoes every attachment (on shutdown). */
  dispose(): void {
    for (const detach of this.detachments.values()) detach();
    this.detachments.clear();
    for (const session of this.sessions.values()) session.viewers.dispose();
  }

  get(name: string): LiveSession | undefined {
    return this.sessions.get(name);
  }

  all(): LiveSession[] {
    return [...this.sessions.values()];
  }

  /** Browsers on every session (counted, not listed: asked at every upgrade). */
  memberCount(): number {
    let count = 0;
    for (const session of this.sessions.values()) count += session.members.size;
    return count;
  }

  allMembers(): SessionMember[] {
    return this.all().flatMap((session) => [...session.members]);
  }
}
