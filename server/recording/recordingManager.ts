// Session recording for the whole gateway: one SessionRecorder per session (started from the
// config's `record`, toggled live by owners), writers' input routed to it, the audit events,
// and retention (at start, after each rotation, and every RETENTION_SWEEP_MS).

import type { AuditLog } from '../audit.js';
import type { Identity } from '../auth/identity.js';
import { DEFAULT_RECORDING, type RecordingConfig } from '../config/gatewayConfig.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import type { LiveSession } from '../sessions/sessionRegistry.js';
import {
  listRecordings,
  recordingPath,
  recordingsRoot,
  removeExpired,
  type RecordingInfo,
} from './recordingFiles.js';
import { SessionRecorder } from './sessionRecorder.js';

/** Retention also runs this often, for sessions no longer recorded (files age without rotating). */
const RETENTION_SWEEP_MS = 60 * 60 * 1000;

export interface RecordingManagerOptions {
  stateDir: string;
  limits?: RecordingConfig | undefined;
  audit: AuditLog;
  log: Logger;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
  /** How often recorders poll tmux; tests shorten it. */
  pollMs?: number;
}

export interface RecordingStatus {
  /** Recording is on for this session (it records whenever the session runs). */
  enabled: boolean;
  /** A file is being written right now. */
  active: boolean;
}

/** How a typist is named in recordings: guests chose their name, so it says they are guests. */
export function typistName(identity: Identity): string {
  return identity.kind === 'guest' ? `${identity.name} (guest)` : identity.name;
}

export class RecordingManager {
  readonly root: string;
  private readonly recorders = new Map<string, SessionRecorder>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly limits: RecordingConfig;
  private readonly now: () => number;
  private sweeping: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: RecordingManagerOptions) {
    this.root = recordingsRoot(options.stateDir);
    this.limits = options.limits ?? DEFAULT_RECORDING;
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.sweepTimer = setInterval(() => void this.sweep(), RETENTION_SWEEP_MS);
    this.sweepTimer.unref();
    void this.sweep();
  }

  /** A SessionAttachment: prepares the session's recorder, on when its config says `record`. */
  attach(session: LiveSession): () => void {
    const recorder = new SessionRecorder(session, {
      root: this.root,
      limits: this.limits,
      log: this.options.log,
      now: this.now,
      onRotated: () => void this.sweep(),
      ...(this.options.pollMs === undefined ? {} : { pollMs: this.options.pollMs }),
    });
    this.recorders.set(session.name, recorder);
    if (session.config.record === true && !this.closed) {
      this.switch(session.name, recorder, true, { reason: 'config' });
    }
    return () => {
      if (this.recorders.get(session.name) !== recorder) return;
      this.switch(session.name, recorder, false, { reason: 'session-removed' });
      this.recorders.delete(session.name);
    };
  }

  /** Turns recording of `session` on or off; undefined for an unknown session. */
  setEnabled(session: string, enabled: boolean, by: string): RecordingStatus | undefined {
    const recorder = this.recorders.get(session);
    if (!recorder) return undefined;
    this.switch(session, recorder, enabled, { reason: 'owner', by });
    return this.status(session);
  }

  status(session: string): RecordingStatus | undefined {
    const recorder = this.recorders.get(session);
    if (!recorder) return undefined;
    return { enabled: recorder.enabled, active: recorder.activeId !== undefined };
  }

  /** A writer typed into `session`: recorded, attributed to them, while it is being recorded. */
  recordInput(session: LiveSession, identity: Identity, bytes: Buffer): void {
    this.recorders.get(session.name)?.recordInput(typistName(identity), bytes);
  }

  list(session: string): Promise<RecordingInfo[]> {
    return listRecordings(this.root, session, this.recorders.get(session)?.activeId);
  }

  /** The file of a recording of `session`, or undefined when `id` is not a recording id. */
  path(session: string, id: string): string | undefined {
    return recordingPath(this.root, session, id);
  }

  /** Stops every recorder (their files are closed) and the retention timer. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const [name, recorder] of this.recorders) {
      this.switch(name, recorder, false, { reason: 'shutdown' });
    }
  }

  /** Removes expired files; a sweep already running makes this a no-op. */
  sweep(): Promise<void> {
    this.sweeping ??= this.removeExpired().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async removeExpired(): Promise<void> {
    const keep = new Set<string>();
    for (const recorder of this.recorders.values()) {
      const path = recorder.activePath;
      if (path !== undefined) keep.add(path);
    }
    try {
      const removed = await removeExpired(this.root, this.limits.retentionDays, this.now(), keep);
      for (const path of removed) this.options.log.info('recording_expired', { path });
    } catch (error) {
      this.options.log.warn('recording_retention_failed', { error: errorMessage(error) });
    }
  }

  private switch(
    session: string,
    recorder: SessionRecorder,
    enabled: boolean,
    why: { reason: string; by?: string },
  ): void {
    if (recorder.enabled === enabled) return;
    recorder.setEnabled(enabled);
    this.options.audit.write({
      event: enabled ? 'recording-started' : 'recording-stopped',
      session,
      ...why,
    });
    this.options.log.info(enabled ? 'recording_enabled' : 'recording_disabled', {
      session,
      ...why,
    });
  }
}
