// An in-memory TmuxServer for unit tests: it records the commands run and answers them (by
// default like a server with one session "main" of 80x24 and the clients attached through it),
// hands out ptys a test writes output into and ends, and control clients a test attaches or ends.

import { Emitter } from '../../shared/lifecycle.js';
import {
  TMUX_OUTPUT_TOO_LARGE,
  TmuxError,
  type TmuxAttachOptions,
  type TmuxClientId,
  type TmuxControlProcess,
  type TmuxExit,
  type TmuxPty,
  type TmuxRunOptions,
  type TmuxServer,
} from './tmuxServer.js';

/** Answers one subcommand: its stdout, or a thrown TmuxError. */
export type FakeCommandHandler = (args: readonly string[]) => string | Promise<string>;

/** Fake pids start here, far from any real one a test might also see. */
const FIRST_FAKE_PID = 900_000;

export class FakeTmuxPty implements TmuxPty {
  private readonly data = new Emitter<Buffer>();
  private readonly exitEmitter = new Emitter<TmuxExit>();
  readonly onData = this.data.event;
  readonly onExit = this.exitEmitter.event;
  readonly tmuxClient: TmuxClientId;
  readonly identified: Promise<TmuxClientId | undefined>;
  /** Everything written to the client, in order. */
  readonly written: Buffer[] = [];
  /** Every resize that reached the client, in order. */
  readonly sizes: Array<{ cols: number; rows: number }> = [];
  /** How many times kill() was called while the client ran. */
  killed = 0;
  exited = false;
  cols: number;
  rows: number;

  constructor(
    readonly options: TmuxAttachOptions,
    pid: number,
  ) {
    this.tmuxClient = { pid, tty: `/dev/pts/fake${pid}` };
    this.identified = Promise.resolve(this.tmuxClient);
    this.cols = options.cols;
    this.rows = options.rows;
  }

  get isOpen(): boolean {
    return !this.exited && this.killed === 0;
  }

  write(bytes: Buffer): void {
    if (this.isOpen) this.written.push(bytes);
  }

  resize(cols: number, rows: number): void {
    if (!this.isOpen) return;
    this.cols = cols;
    this.rows = rows;
    this.sizes.push({ cols, rows });
  }

  /** Like tmux: a killed client exits. */
  kill(): void {
    if (this.exited) return;
    this.killed += 1;
    this.exit(0);
  }

  /** The client's output, as if tmux had drawn it. */
  emitData(data: Buffer | string): void {
    this.data.fire(typeof data === 'string' ? Buffer.from(data) : data);
  }

  /** The client's process exits (detached, or its session ended). */
  exit(exitCode = 0): void {
    if (this.exited) return;
    this.exited = true;
    this.exitEmitter.fire({ exitCode });
  }

  /** Everything written, as one string. */
  get writtenText(): string {
    return Buffer.concat(this.written).toString('utf8');
  }
}

export class FakeControlProcess implements TmuxControlProcess {
  private readonly output = new Emitter<string>();
  private readonly exitEmitter = new Emitter<void>();
  readonly onOutput = this.output.event;
  readonly onExit = this.exitEmitter.event;
  killed = false;
  private done = false;

  constructor(
    readonly args: readonly string[],
    readonly pid: number | undefined,
  ) {}

  get exited(): boolean {
    return this.done;
  }

  /** tmux's reply to an attach command that succeeded. */
  attach(): void {
    this.emitOutput('%begin 1 1 0\n%end 1 1 0\n');
  }

  /** tmux's reply to an attach command that failed (no such session); the client then exits. */
  fail(): void {
    this.emitOutput("%begin 1 1 0\ncan't find session\n%error 1 1 0\n");
    this.exit();
  }

  emitOutput(text: string): void {
    if (!this.done) this.output.fire(text);
  }

  exit(): void {
    if (this.done) return;
    this.done = true;
    this.exitEmitter.fire();
  }

  kill(): void {
    if (this.done) return;
    this.killed = true;
    this.exit();
  }
}

/** Replaces each `#{name}` in a tmux format with its value (unknown names become empty). */
export function expandFormat(format: string, values: Record<string, string | number>): string {
  return format.replace(/#\{([a-z_]+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

function optionValue(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

export class FakeTmuxServer implements TmuxServer {
  /** Every command run, in order, with its options. */
  readonly commands: Array<{ args: readonly string[]; options: TmuxRunOptions }> = [];
  readonly ptys: FakeTmuxPty[] = [];
  readonly controls: FakeControlProcess[] = [];
  /** Sessions that exist (has-session, new-session). */
  readonly sessions = new Set<string>(['main']);
  /** The current window's size and the `status` option (display-message answers with them). */
  window = { cols: 80, rows: 24, status: 'on' };
  /** Set to make the next attach throw, as a pty that cannot be spawned does. */
  attachError: Error | undefined;
  /** Control clients answer their attach by themselves (a microtask later), as tmux would. */
  autoAttachControls = false;
  private readonly handlers = new Map<string, FakeCommandHandler>();
  private nextPid = FIRST_FAKE_PID;

  constructor(readonly socket = '/fake/tmux.sock') {
    this.handlers.set('has-session', (args) => {
      const target = optionValue(args, '-t') ?? '';
      if (this.sessions.has(target.replace(/^=/, ''))) return '';
      throw new TmuxError(`tmux has-session: can't find session: ${target}`, '', 1);
    });
    this.handlers.set('new-session', (args) => {
      this.sessions.add(optionValue(args, '-s') ?? '');
      return '';
    });
    this.handlers.set('list-clients', (args) => {
      const format = optionValue(args, '-F') ?? '#{client_tty}';
      return this.openPtys()
        .map((pty) => `${expandFormat(format, this.clientValues(pty))}\n`)
        .join('');
    });
    this.handlers.set('display-message', (args) => {
      const format = args.at(-1) ?? '';
      const tty = optionValue(args, '-c');
      const pty = this.openPtys().find((client) => client.tmuxClient.tty === tty);
      const values = {
        window_width: this.window.cols,
        window_height: this.window.rows,
        status: this.window.status,
        ...(pty ? this.clientValues(pty) : {}),
      };
      return `${expandFormat(format, values)}\n`;
    });
  }

  /** Answers `subcommand` with `handler` from now on (replacing the default answer). */
  answer(subcommand: string, handler: FakeCommandHandler): void {
    this.handlers.set(subcommand, handler);
  }

  /** The commands run so far whose subcommand is `subcommand`. */
  ran(subcommand: string): Array<readonly string[]> {
    return this.commands.map((command) => command.args).filter((args) => args[0] === subcommand);
  }

  async run(args: readonly string[], options: TmuxRunOptions = {}): Promise<string> {
    this.commands.push({ args: [...args], options });
    const handler = this.handlers.get(args[0] ?? '');
    const output = handler ? await handler(args) : '';
    if (options.maxBytes !== undefined && Buffer.byteLength(output) > options.maxBytes) {
      const message = `tmux ${args[0] ?? ''}: output over ${options.maxBytes} bytes`;
      throw new TmuxError(message, '', TMUX_OUTPUT_TOO_LARGE);
    }
    return output;
  }

  attach(options: TmuxAttachOptions): FakeTmuxPty {
    const error = this.attachError;
    if (error) {
      this.attachError = undefined;
      throw error;
    }
    const pty = new FakeTmuxPty({ ...options }, (this.nextPid += 1));
    this.ptys.push(pty);
    // Like tmux: a client of a session that does not exist exits at once (not within the call).
    if (!this.sessions.has(options.target)) queueMicrotask(() => pty.exit(1));
    return pty;
  }

  control(args: readonly string[]): FakeControlProcess {
    const control = new FakeControlProcess([...args], (this.nextPid += 1));
    this.controls.push(control);
    if (this.autoAttachControls) queueMicrotask(() => control.attach());
    return control;
  }

  /** The last pty handed out. */
  get lastPty(): FakeTmuxPty | undefined {
    return this.ptys.at(-1);
  }

  private openPtys(): FakeTmuxPty[] {
    return this.ptys.filter((pty) => pty.isOpen);
  }

  private clientValues(pty: FakeTmuxPty): Record<string, string | number> {
    return {
      client_pid: pty.tmuxClient.pid,
      client_tty: pty.tmuxClient.tty,
      client_width: pty.cols,
      client_height: pty.rows,
      client_readonly: pty.options.readOnly ? 1 : 0,
      client_user: 'fake',
      client_activity: 0,
      client_created: 0,
    };
  }
}
