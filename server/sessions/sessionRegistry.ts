// The sessions this gateway serves (from its config) and the web connections open on each.

import type { Identity } from '../auth/identity.js';
import type { SessionConfig } from '../config.js';

/** What the registry needs from a live connection: to end it, and to know who it is. */
export interface SessionMember {
  readonly clientId: string;
  readonly identity: Identity;
  end(reason: 'shutdown' | 'session-ended' | 'kicked' | 'revoked', message: string): void;
}

export class LiveSession {
  readonly members = new Set<SessionMember>();
  constructor(readonly config: SessionConfig) {}

  get name(): string {
    return this.config.name;
  }
}

export class SessionRegistry {
  private readonly sessions = new Map<string, LiveSession>();

  constructor(configs: readonly SessionConfig[]) {
    for (const config of configs) {
      if (this.sessions.has(config.name))
        throw new Error(`duplicate session name "${config.name}"`);
      this.sessions.set(config.name, new LiveSession(config));
    }
  }

  /** Adds a session the gateway created itself (a pair session). */
  add(config: SessionConfig): LiveSession {
    if (this.sessions.has(config.name)) throw new Error(`duplicate session name "${config.name}"`);
    const session = new LiveSession(config);
    this.sessions.set(config.name, session);
    return session;
  }

  /** Forgets a session; its browsers must have been ended already. */
  remove(name: string): void {
    this.sessions.delete(name);
  }

  get(name: string): LiveSession | undefined {
    return this.sessions.get(name);
  }

  all(): LiveSession[] {
    return [...this.sessions.values()];
  }

  allMembers(): SessionMember[] {
    return this.all().flatMap((session) => [...session.members]);
  }
}
