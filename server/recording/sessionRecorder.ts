// Records one session while enabled: a dedicated read-only tmux client (`attach -r`, which in
// tmux 3.3 also sets ignore-size; with the session's SizeGuard held it never resizes the window)
// whose pty is exactly the size of the session's window, and whose output goes to a CastWriter.
// While the session is not running it looks again every RECORDER_POLL_MS; when the session ends
// the file is closed.
//
// Invariant: at most one attached client and one open file per recorder; disabling or disposing
// takes both, with their listeners and the timer.

import type { RecordingConfig } from '../config/gatewayConfig.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';
import type { LiveSession } from '../sessions/sessionRegistry.js';
import { AttachedClient } from '../tmux/attachedClient.js';
import { hasSession, windowViewSize } from '../tmux/sessionControl.js';
import { CastWriter } from './castWriter.js';
import { ensureSessionDir, recordingPath } from './recordingFiles.js';

/**
 * How often an enabled recorder looks for its session when not attached, and otherwise follows
 * the window's size and the file's age: one cheap tmux command per recorded session.
 */
export const RECORDER_POLL_MS = 2000;

/** After a file could not be written (disk full, say), wait this long before trying again. */
const WRITE_FAILURE_BACKOFF_MS = 60_000;

export interface RecorderContext {
  /** <stateDir>/recordings */
  root: string;
  limits: RecordingConfig;
  log: Logger;
  now: () => number;
  /** A file was closed for the next one: time to remove expired files. */
  onRotated: () => void;
  /** Poll interval; tests shorten it. */
  pollMs?: number;
}

export class SessionRecorder {
  private on = false;
  private client: AttachedClient | undefined;
  private writer: CastWriter | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking = false;
  private retryAt = 0;
  private cols = 0;
  private rows = 0;

  constructor(
    private readonly session: LiveSession,
    private readonly context: RecorderContext,
  ) {}

  get enabled(): boolean {
    return this.on;
  }

  /** The id of the file being written, if a tmux client is attached. */
  get activeId(): string | undefined {
    return this.writer && !this.writer.closed ? this.writer.id : undefined;
  }

  get activePath(): string | undefined {
    const id = this.activeId;
    return id === undefined ? undefined : recordingPath(this.context.root, this.session.name, id);
  }

  setEnabled(enabled: boolean): void {
    if (enabled === this.on) return;
    this.on = enabled;
    if (enabled) {
      this.timer = setInterval(() => void this.check(), this.context.pollMs ?? RECORDER_POLL_MS);
      this.timer.unref();
      void this.check();
    } else {
      clearInterval(this.timer);
      this.timer = undefined;
      this.detach('disabled');
    }
  }

  /** A writer's input, as it goes to tmux: recorded while a file is open. */
  recordInput(user: string, bytes: Buffer): void {
    this.writer?.input(user, bytes.toString('utf8'));
  }

  dispose(): void {
    this.setEnabled(false);
  }

  private get logFields() {
    return { session: this.session.name, file: this.activeId, pid: this.client?.pid };
  }

  private async check(): Promise<void> {
    if (!this.on || this.checking) return;
    this.checking = true;
    try {
      if (this.client) await this.follow();
      else if (this.context.now() >= this.retryAt) await this.attach();
    } catch (error) {
      this.context.log.warn('recording_check_failed', {
        ...this.logFields,
        error: errorMessage(error),
      });
    } finally {
      this.checking = false;
    }
  }

  private async attach(): Promise<void> {
    const { tmux, config } = this.session;
    if (!(await hasSession(tmux, config.target))) return;
    // Held from before the recorder's client attaches until after it has exited.
    const release = await this.session.sizeGuard.hold();
    let client: AttachedClient | undefined;
    try {
      client = await this.spawnRecorder();
    } finally {
      if (!client) release();
    }
    if (client) void client.exited.then(release);
  }

  /** Opens the file and attaches the recorder's client, unless disabled meanwhile. */
  private async spawnRecorder(): Promise<AttachedClient | undefined> {
    const { tmux, config } = this.session;
    const size = await windowViewSize(tmux, config.target);
    const dir = await ensureSessionDir(this.context.root, this.session.name);
    if (!this.on || this.client) return undefined; // disabled (or attached) while tmux was asked
    const { limits, log, now } = this.context;
    const writer = new CastWriter({
      dir,
      title: `tmuxgate ${this.session.name}`,
      width: size.cols,
      height: size.rows,
      maxFileBytes: limits.maxFileBytes,
      maxFileSeconds: limits.maxFileSeconds,
      now,
      onRotated: (closedId, openedId) => {
        log.info('recording_rotated', { session: this.session.name, closedId, openedId });
        // The new file starts from a blank screen: have tmux draw the whole of it again.
        void this.redraw();
        this.context.onRotated();
      },
      onError: (error) => this.onWriteError(error),
    });
    let client: AttachedClient;
    try {
      client = new AttachedClient(tmux, {
        target: config.target,
        readOnly: true,
        cols: size.cols,
        rows: size.rows,
        // Every read is one timed event in the file, as it came.
        coalesceMs: 0,
      });
    } catch (error) {
      writer.close();
      throw error;
    }
    this.client = client;
    if (client.pid !== undefined) this.session.internalClientPids.add(client.pid);
    this.writer = writer;
    this.cols = size.cols;
    this.rows = size.rows;
    client.onData((data) => writer.output(data));
    client.onExit(({ exitCode }) => this.onClientExit(client, exitCode));
    log.info('recording_attached', { ...this.logFields, cols: size.cols, rows: size.rows });
    return client;
  }

  /** Rotates a quiet file on time, and follows the window's size with "r" events. */
  private async follow(): Promise<void> {
    this.writer?.checkTime();
    const size = await windowViewSize(this.session.tmux, this.session.config.target);
    if (!this.client || !this.writer) return;
    if (size.cols === this.cols && size.rows === this.rows) return;
    this.cols = size.cols;
    this.rows = size.rows;
    this.writer.resize(size.cols, size.rows);
    this.client.resize(size.cols, size.rows);
  }

  private async redraw(): Promise<void> {
    try {
      await this.client?.redraw();
    } catch (error) {
      this.context.log.warn('recording_redraw_failed', {
        ...this.logFields,
        error: errorMessage(error),
      });
    }
  }

  private onClientExit(client: AttachedClient, exitCode: number): void {
    if (this.client !== client) return;
    // The session ended, or someone detached this client: a running session is attached again.
    this.context.log.info('recording_client_exited', { ...this.logFields, exitCode });
    this.detach('client-exited');
  }

  private onWriteError(error: unknown): void {
    this.context.log.error('recording_write_failed', {
      ...this.logFields,
      error: errorMessage(error),
    });
    this.retryAt = this.context.now() + WRITE_FAILURE_BACKOFF_MS;
    this.detach('write-failed');
  }

  private detach(reason: string): void {
    const { client, writer } = this;
    if (!client && !writer) return;
    const fields = { ...this.logFields, reason };
    this.client = undefined;
    this.writer = undefined;
    if (client?.pid !== undefined) this.session.internalClientPids.delete(client.pid);
    client?.dispose();
    writer?.close();
    this.context.log.info('recording_detached', fields);
  }
}
