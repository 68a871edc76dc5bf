// Who may open one more terminal: places per session and in all, with the last places of each kept
// for the session's own writers and owners, and caps per login and per address, so that one
// person, one link or one address cannot starve the others (Promise 14). Pure: the caller counts.

import type { LimitsConfig } from '../config/gatewayConfig.js';

export interface AdmissionCounts {
  /** Browsers on the session asked for. */
  session: number;
  /** Browsers on the whole gateway. */
  total: number;
  /** Browsers of the same login, on any session. */
  login: number;
  /** Browsers from the same address, on any session. */
  address: number;
}

export interface Refusal {
  status: 429 | 503;
  code: string;
  /** For the audit log and metrics. */
  reason: 'capacity' | 'login-limit' | 'address-limit';
  message: string;
}

/**
 * Undefined when one more browser may join; otherwise why not. `privileged`: a writer or owner
 * of the session by the configuration (never a guest), who may take the reserved places.
 */
export function admissionRefusal(
  limits: LimitsConfig,
  counts: AdmissionCounts,
  privileged: boolean,
): Refusal | undefined {
  const open = (places: number) =>
    privileged ? places : places - reservedOf(places, limits.reservedClientsPerSession);
  if (counts.session >= open(limits.clientsPerSession)) return capacity('this session');
  if (counts.total >= open(limits.totalClients)) return capacity('this gateway');
  if (counts.login >= limits.clientsPerLogin) {
    return {
      status: 429,
      code: 'too_many_connections',
      reason: 'login-limit',
      message: `You have ${limits.clientsPerLogin} terminals open already; close one first.`,
    };
  }
  if (counts.address >= limits.clientsPerAddress) {
    return {
      status: 429,
      code: 'too_many_connections',
      reason: 'address-limit',
      message: `${limits.clientsPerAddress} terminals are open from your address already; close one first.`,
    };
  }
  return undefined;
}

/** The places kept back of `places`: never more than half, so a small session still admits viewers. */
export function reservedOf(places: number, reserved: number): number {
  return Math.min(reserved, Math.floor(places / 2));
}

function capacity(which: string): Refusal {
  return {
    status: 503,
    code: 'too_many_clients',
    reason: 'capacity',
    message: `Too many people are connected to ${which}; try again later.`,
  };
}

/** Open terminals per login and per address, counted up when one opens and down when it closes. */
export class ConnectionTally {
  private readonly perLogin = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();

  count(login: string, address: string | undefined): { login: number; address: number } {
    return {
      login: this.perLogin.get(login) ?? 0,
      address: address === undefined ? 0 : (this.perAddress.get(address) ?? 0),
    };
  }

  /** Counts one terminal; the returned function (idempotent) uncounts it. */
  open(login: string, address: string | undefined): () => void {
    increment(this.perLogin, login, 1);
    if (address !== undefined) increment(this.perAddress, address, 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      increment(this.perLogin, login, -1);
      if (address !== undefined) increment(this.perAddress, address, -1);
    };
  }

  /** Logins and addresses with a terminal open (memory is bounded by the open terminals). */
  get size(): number {
    return this.perLogin.size + this.perAddress.size;
  }
}

function increment(map: Map<string, number>, key: string, by: number): void {
  const value = (map.get(key) ?? 0) + by;
  if (value <= 0) map.delete(key);
  else map.set(key, value);
}
