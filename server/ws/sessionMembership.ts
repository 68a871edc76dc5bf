// One browser's place in a session: its role and the input gate that goes with it, input typed
// before tmux is attached, the check that the session runs, and what its tmux client's end means.
//
// It knows no WebSocket (memberPorts.ts lists what it is given), so tests drive it with fakes.

import { canWrite, type LiveRole, type Role } from '../../shared/roles.js';
import { CANCEL_AND_RESET } from '../../shared/terminalBytes.js';
import { errorMessage } from '../log.js';
import { TmuxError } from '../tmux/tmuxServer.js';
import { InputRate } from './inputRate.js';
import type { SessionMembershipOptions } from './memberPorts.js';
import { TmuxAttachment } from './tmuxAttachment.js';

const RESET_BYTES = Buffer.from(CANCEL_AND_RESET, 'latin1');

/** Input typed while tmux is still being attached is kept up to this much (a paste, not a flood). */
export const MAX_PENDING_INPUT_BYTES = 64 * 1024;

export class SessionMembership {
  private currentRole: Role;
  /** The last role asked for: a change that a later one overtakes while attaching gives way. */
  private wantedRole: Role;
  /** Role changes whose move to another tmux client is in flight (a later change moves too). */
  private movesInFlight = 0;
  private lastInput: number;
  private readonly attachment: TmuxAttachment;
  private readonly inputRate: InputRate;
  private readonly now: () => number;
  private droppedInputBytes = 0;
  /** Input that arrived before the writer's client existed. */
  private readonly pendingInput: Buffer[] = [];
  private pendingInputBytes = 0;

  constructor(private readonly options: SessionMembershipOptions) {
    this.currentRole = options.role;
    this.wantedRole = options.role;
    this.now = options.now ?? Date.now;
    this.lastInput = this.now();
    this.inputRate = new InputRate(options.inputBytesPerSecond, this.now);
    this.attachment = new TmuxAttachment(
      options,
      (exitCode) => void this.privateClientExited(exitCode),
    );
  }

  get role(): Role {
    return this.currentRole;
  }

  get size(): { cols: number; rows: number } {
    return this.attachment.size;
  }

  /** When the browser last typed (viewers included: it is presence's idle time). */
  get lastInputAt(): number {
    return this.lastInput;
  }

  /** pid of its `tmux attach`, its own or its group's, once attached. */
  get attachPid(): number | undefined {
    return this.attachment.pid;
  }

  /**
   * Checks that the session runs, attaches for the role, and delivers the input typed meanwhile.
   * A session that does not run, or a tmux that cannot, ends the connection.
   */
  async start(): Promise<void> {
    const { session, log, logFields, end } = this.options;
    try {
      if (!(await session.liveness.ensureRunning())) {
        end('session-ended', `The tmux session "${session.name}" is not running.`);
        return;
      }
    } catch (error) {
      log.error('tmux_session_unavailable', { ...logFields(), error: errorMessage(error) });
      const missing = error instanceof TmuxError && error.code === 'ENOENT';
      const message = missing
        ? 'tmux cannot be run on the gateway machine.'
        : 'The tmux session could not be started.';
      end('error', message, true);
      return;
    }
    if (this.attachment.disposed) return;

    if (!(await this.attachment.attach(canWrite(this.currentRole)))) return;
    // A role change while attaching found no client to move: attach again for the new role.
    const writable = canWrite(this.currentRole);
    const isPrivate = this.attachment.privateClient !== undefined;
    if (writable !== isPrivate && !(await this.attachment.attach(writable))) return;
    for (const bytes of this.pendingInput.splice(0)) this.writeInput(bytes);
    session.changed();
    log.info('client_attached', { ...logFields(), ...this.size });
  }

  /**
   * Changes the role without reconnecting: a writer gets its own read-write tmux client, a viewer
   * joins a shared read-only one. The input gate moves in the order that never lets a viewer's
   * byte through: when demoting it closes first, when promoting it opens last. The last change
   * asked for wins, even one asked for while an earlier one is attaching. True once the role
   * changed and the browser was told.
   */
  async setRole(role: LiveRole): Promise<boolean> {
    if (role === this.wantedRole || this.attachment.disposed) return false;
    this.wantedRole = role;
    if (!canWrite(role)) this.currentRole = role;
    if (this.attachment.attached || this.movesInFlight > 0) {
      this.options.sink.output(RESET_BYTES);
      this.movesInFlight += 1;
      const attached = await this.attachment
        .attach(canWrite(role))
        .finally(() => (this.movesInFlight -= 1));
      if (!attached || this.wantedRole !== role) return false;
    }
    this.currentRole = role;
    this.options.sink.send({ type: 'role', role });
    return true;
  }

  /** Keyboard input from the browser: a writer's goes to tmux, a viewer's is dropped. */
  input(bytes: Buffer): void {
    const { log, logFields } = this.options;
    this.lastInput = this.now();
    if (!this.inputRate.take(bytes.length)) {
      log.warn('input_rate_exceeded', { ...logFields(), bytes: bytes.length });
      const perSecond = this.options.inputBytesPerSecond;
      this.options.end('error', `Input faster than ${perSecond} bytes per second.`);
      return;
    }
    if (!canWrite(this.currentRole)) {
      if (this.droppedInputBytes === 0) log.info('viewer_input_dropped', logFields());
      this.droppedInputBytes += bytes.length;
      return;
    }
    if (!this.attachment.privateClient) {
      if (this.pendingInputBytes + bytes.length <= MAX_PENDING_INPUT_BYTES) {
        this.pendingInput.push(bytes);
        this.pendingInputBytes += bytes.length;
      }
      return;
    }
    this.writeInput(bytes);
  }

  /** Someone typed into the session: a writer's own client sends its next output at once. */
  expectEcho(): void {
    this.attachment.privateClient?.expectEcho();
  }

  /** The browser's size changed: a writer resizes the window, a viewer moves to its size's group. */
  resize(size: { cols: number; rows: number }): void {
    const writable = canWrite(this.currentRole);
    this.attachment.resize(size, writable);
    this.options.session.changed();
  }

  /** A viewer asks to follow the window again (a writer's size is the window's already). */
  fitWindow(): void {
    if (!canWrite(this.currentRole)) this.attachment.fitWindow();
  }

  /** The group's tmux client ended (GroupViewer.groupEnded). */
  groupEnded(sessionAlive: boolean): void {
    if (this.attachment.disposed) return;
    if (!sessionAlive) this.options.session.liveness.forget();
    this.attachment.lost();
    this.options.log.info('attach_exited', { ...this.options.logFields(), sessionAlive });
    this.endAfterClientExit(sessionAlive);
  }

  /** The group was resized with the window (GroupViewer.resized): the browser follows. */
  resized(cols: number, rows: number): void {
    this.attachment.followed(cols, rows);
  }

  /** The browser caught up after its output was discarded: give it a full screen again. */
  redraw(discarded: number): Promise<void> {
    return this.attachment.redraw(discarded);
  }

  /** Sends what a writer's client has gathered (before the connection says goodbye). */
  flush(): void {
    this.attachment.privateClient?.flush();
  }

  /** Leaves the tmux client and cancels pending resizes; the session itself is never touched. */
  dispose(): void {
    if (this.attachment.disposed) return;
    this.attachment.dispose();
    if (this.droppedInputBytes > 0) {
      this.options.log.info('viewer_input_dropped_total', {
        ...this.options.logFields(),
        bytes: this.droppedInputBytes,
      });
    }
  }

  private writeInput(bytes: Buffer): void {
    const client = this.attachment.privateClient;
    if (!client) return;
    client.write(bytes);
    this.options.onInput?.(bytes);
    // Every viewer sees the echo as soon as the writer does, not a coalescing interval later.
    for (const member of this.options.session.members) member.expectEcho();
    this.options.session.viewers.expectEcho();
  }

  private async privateClientExited(exitCode: number): Promise<void> {
    if (this.attachment.disposed) return;
    const alive = await this.options.sessionExists();
    if (!alive) this.options.session.liveness.forget();
    this.options.log.info('attach_exited', {
      ...this.options.logFields(),
      exitCode,
      sessionAlive: alive,
    });
    this.endAfterClientExit(alive);
  }

  private endAfterClientExit(sessionAlive: boolean): void {
    const { end, session } = this.options;
    if (sessionAlive) end('error', 'The tmux client was detached; reconnecting.', true);
    else end('session-ended', `The tmux session "${session.name}" has ended.`);
  }
}
