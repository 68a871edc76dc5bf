// The audit trail: one JSON object per line, appended to <stateDir>/audit.log (0600). Separate
// from the operational log; every line is handed to the OS as it happens (a crash of the
// gateway loses nothing already written).

import { closeSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openAppendSync } from './state/noFollow.js';

export const AUDIT_FILE = 'audit.log';
const AUDIT_FILE_MODE = 0o600;

export type AuditEvent =
  | 'login'
  | 'login-failed'
  | 'login-rate-limited'
  | 'logout'
  | 'join'
  | 'leave'
  | 'upgrade-denied'
  | 'link-created'
  | 'link-used'
  | 'link-refused'
  | 'link-revoked'
  | 'link-expired'
  | 'kick'
  | 'role-change'
  | 'write-requested'
  | 'write-request-answered'
  | 'pair-created'
  | 'pair-cleaned-up'
  | 'recording-started'
  | 'recording-stopped';

export interface AuditRecord {
  event: AuditEvent;
  user?: string | undefined;
  ip?: string | undefined;
  session?: string | undefined;
  role?: string | undefined;
  client?: string | undefined;
  /** Free-form detail: why something was denied, how long a visit lasted, how a login happened. */
  reason?: string | undefined;
  durationMs?: number | undefined;
  method?: string | undefined;
  /** The share link concerned (its id, never its token). */
  link?: string | undefined;
  /** Who acted on someone else's behalf (the owner creating or revoking a link). */
  by?: string | undefined;
  expiresAt?: string | undefined;
  maxUses?: number | null | undefined;
  /** Role changes: before and after. */
  from?: string | undefined;
  to?: string | undefined;
  /** Answers to write requests. */
  approved?: boolean | undefined;
  /** Native tmux clients: their tty. */
  tty?: string | undefined;
}

export interface AuditLog {
  write(record: AuditRecord): void;
  close(): void;
}

export function openAuditLog(stateDir: string, now: () => Date = () => new Date()): AuditLog {
  // O_NOFOLLOW: a link planted in place of the log is refused, never appended through.
  const fd = openAppendSync(join(stateDir, AUDIT_FILE), AUDIT_FILE_MODE);
  let open = true;
  return {
    write(record) {
      if (!open) return;
      writeSync(fd, `${JSON.stringify({ time: now().toISOString(), ...record })}\n`);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
