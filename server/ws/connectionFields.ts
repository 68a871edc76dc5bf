// What is said about one browser's connection: its presence record, its audit fields and the
// fields of its log lines, from who it is and the state of its membership and channel.

import type { PresenceClient } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import type { AuditRecord } from '../audit.js';
import { identityFields } from '../auth/auditFields.js';
import type { Identity } from '../auth/identity.js';
import type { LogFields } from '../log.js';

/** Who is connected, where to, and since when: fixed for the connection's life. */
export interface ConnectionParty {
  identity: Identity;
  session: string;
  clientId: string;
  ip: string | undefined;
  since: Date;
}

/** What changes while the connection lives. */
export interface ConnectionState {
  role: Role;
  cols: number;
  rows: number;
  /** When the browser last typed (epoch ms). */
  lastInputAt: number;
  /** Its output is being discarded (it fell behind). */
  behind: boolean;
  wantsWrite: boolean;
}

const MS_PER_SECOND = 1000;

/** Everything an owner may see of this client. */
export function presenceRecord(
  party: ConnectionParty,
  state: ConnectionState,
  now: number = Date.now(),
): PresenceClient {
  return {
    id: party.clientId,
    kind: 'web',
    user: party.identity.name,
    role: state.role,
    guest: party.identity.kind === 'guest',
    since: party.since.toISOString(),
    cols: state.cols,
    rows: state.rows,
    idleSeconds: Math.max(0, Math.floor((now - state.lastInputAt) / MS_PER_SECOND)),
    behind: state.behind,
    wantsWrite: state.wantsWrite,
  };
}

/** Who an audit record about this connection is about. */
export function auditFields(
  party: ConnectionParty,
  role: Role,
): Pick<AuditRecord, 'user' | 'kind' | 'link' | 'ip' | 'session' | 'role' | 'client'> {
  return {
    ...identityFields(party.identity),
    ip: party.ip,
    session: party.session,
    role,
    client: party.clientId,
  };
}

/** The fields every log line about this connection carries. */
export function logFields(party: ConnectionParty, role: Role, pid: number | undefined): LogFields {
  return {
    user: party.identity.name,
    session: party.session,
    client: party.clientId,
    role,
    pid,
  };
}
