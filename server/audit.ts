// The audit trail: one JSON object per line, appended to <stateDir>/audit.log (0600). Separate
// from the operational log; every line is handed to the OS as it happens (a crash of the
// gateway loses nothing already written). Fields are bounded, floods of refusals from one
// address are counted in one line, and the file rotates by size (audit/).

import { join } from 'node:path';
import { auditLine, boundedRecord } from './audit/recordFields.js';
import { REFUSAL_INTERVAL_MS, RefusalFlood } from './audit/refusalFlood.js';
import { RotatingFile, type RotationSettings } from './audit/rotatingFile.js';

export const AUDIT_FILE = 'audit.log';
const AUDIT_FILE_MODE = 0o600;

/** 10 files of 10 MiB: months of an ordinary gateway's events, in bounded space. */
export const DEFAULT_AUDIT_ROTATION: RotationSettings = {
  maxFileBytes: 10 * 1024 * 1024,
  retainFiles: 9,
};

/** Refusals: what anyone can cause without signing in, so what a flood is made of. */
const REFUSAL_EVENTS: ReadonlySet<AuditEvent> = new Set<AuditEvent>([
  'login-failed',
  'login-rate-limited',
  'upgrade-denied',
  'link-refused',
]);

/** How often ended intervals of counted refusals are written out. */
const REFUSAL_SUMMARY_CHECK_MS = REFUSAL_INTERVAL_MS / 4;

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
  | 'recording-stopped'
  | 'history-viewed';

export interface AuditRecord {
  event: AuditEvent;
  user?: string | undefined;
  /** How `user` signed in (an IdentityKind: local, oidc, proxy, guest): a guest named alice is not alice. */
  kind?: string | undefined;
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
  /** History views: the pane (`%id`) and the lines in the snapshot opened. */
  pane?: string | undefined;
  lines?: number | undefined;
  /** Share links: whether their guests may read the session's history. */
  history?: boolean | undefined;
  /** Native tmux clients: their tty. */
  tty?: string | undefined;
  /** A line standing for this many refusals from `ip`, counted since `since`, not written. */
  count?: number | undefined;
  since?: string | undefined;
}

export interface AuditLog {
  write(record: AuditRecord): void;
  dispose(): void;
}

export interface AuditLogOptions {
  rotation?: RotationSettings | undefined;
  now?: () => Date;
}

export function openAuditLog(stateDir: string, options: AuditLogOptions = {}): AuditLog {
  const now = options.now ?? (() => new Date());
  const file = new RotatingFile(
    join(stateDir, AUDIT_FILE),
    AUDIT_FILE_MODE,
    options.rotation ?? DEFAULT_AUDIT_ROTATION,
  );
  const flood = new RefusalFlood();
  let open = true;
  const append = (record: AuditRecord) =>
    file.append(auditLine({ time: now().toISOString(), ...boundedRecord(record) }));
  const writeSummaries = (all: boolean) => {
    for (const summary of flood.drain(now().getTime(), all)) {
      append({
        event: summary.event as AuditEvent,
        ...(summary.reason === undefined ? {} : { reason: summary.reason }),
        ip: summary.ip,
        count: summary.count,
        since: new Date(summary.since).toISOString(),
      });
    }
  };
  const summaries = setInterval(() => writeSummaries(false), REFUSAL_SUMMARY_CHECK_MS);
  summaries.unref();
  return {
    write(record) {
      if (!open) return;
      const { event, ip } = record;
      const refusal = REFUSAL_EVENTS.has(event) && ip !== undefined;
      if (refusal && !flood.admit(event, record.reason, ip, now().getTime())) return;
      append(record);
    },
    dispose() {
      if (!open) return;
      open = false;
      clearInterval(summaries);
      writeSummaries(true);
      file.close();
    },
  };
}
