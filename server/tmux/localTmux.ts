// The TmuxServer of a socket on this machine: commands through execFile, attached clients in a
// node-pty pty, control-mode clients through child_process. Arguments are always an argv array,
// never a shell line, and every tmux process gets the minimal environment, never the gateway's.

import { execFile, spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { Emitter } from '../../shared/lifecycle.js';
import {
  trackChild,
  trackControlClient,
  untrackChild,
  untrackControlClient,
} from './childProcesses.js';
import { minimalEnvironment } from './environment.js';
import { PtyInputWriter } from './ptyInputWriter.js';
import {
  exactTarget,
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

/** tmux answers local commands in milliseconds; a wedged server must not hang a request forever. */
const TMUX_COMMAND_TIMEOUT_MS = 5000;

/**
 * Runs its arguments as a command after closing every inherited descriptor above stderr. node-pty
 * leaves each pty's master open across exec, and a tmux server keeps what the command that
 * started it inherited: without this, a server the gateway starts holds the masters of the
 * browsers' attach ptys open, and those clients stay attached after the gateway dies.
 */
const WITHOUT_INHERITED_FDS = [
  'bash',
  // Never the user's rc files: bash reads ~/.bashrc when its stdin is a socket, as execFile's is.
  '--norc',
  '--noprofile',
  '-c',
  'for fd in /proc/$$/fd/*; do fd=${fd##*/}; if [ "$fd" -gt 2 ]; then exec {fd}>&-; fi; done; exec "$0" "$@"',
];

export function tmuxBinary(): string {
  return process.env.TMUXGATE_TMUX_BIN ?? 'tmux';
}

/** The argv of a tmux command on `socket`. */
export function socketArguments(socket: string, args: readonly string[]): string[] {
  return ['-S', socket, ...args];
}

/** The argv of a control-mode client (`tmux -C`) on `socket`. */
export function controlArguments(socket: string, args: readonly string[]): string[] {
  return socketArguments(socket, ['-C', ...args]);
}

export function attachArguments(socket: string, options: TmuxAttachOptions): string[] {
  return [
    '-u',
    ...socketArguments(socket, [
      'attach-session',
      ...(options.readOnly ? ['-r'] : []),
      '-t',
      exactTarget(options.target),
    ]),
  ];
}

/**
 * node-pty's own view of its pty: the stream over the master's file descriptor (destroyed, and
 * the descriptor closed, synchronously, as soon as the client's side hangs up — before any event
 * says so), and the slave's path (UnixTerminal's `ptsName`). node-pty's typings leave both out.
 */
interface PtyInternals {
  _socket?: { destroyed: boolean };
  ptsName?: string;
  fd: number;
}

/**
 * One `tmux attach` in a pty. node-pty resizes and writes to the file descriptor number it had
 * even after it has closed it, and by then that number may belong to another pty or socket: once
 * the client has gone, write and resize do nothing, and input goes through a PtyInputWriter,
 * never through node-pty's own writer.
 */
export class LocalTmuxPty implements TmuxPty {
  readonly tmuxClient: TmuxClientId | undefined;
  readonly identified: Promise<TmuxClientId | undefined>;
  private readonly pty: IPty;
  private readonly input: PtyInputWriter;
  private readonly data = new Emitter<Buffer>();
  private readonly exit = new Emitter<TmuxExit>();
  readonly onData = this.data.event;
  readonly onExit = this.exit.event;
  private killed = false;
  private exited = false;

  /** Spawns the attach; throws when the pty cannot be spawned. */
  constructor(socket: string, options: TmuxAttachOptions) {
    this.pty = spawnPty(tmuxBinary(), attachArguments(socket, options), {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      env: minimalEnvironment(),
      // Raw bytes in and out: the browser decodes UTF-8 itself, split sequences included.
      encoding: null,
    });
    const pid = this.pty.pid;
    trackChild(pid);
    this.input = new PtyInputWriter(this.internals.fd, () => this.isOpen);
    // node-pty execs tmux in the pty's child, and that child's stdin is the pty's slave: they are
    // tmux's #{client_pid} and #{client_tty}.
    const tty = this.internals.ptsName;
    this.tmuxClient = tty ? { pid, tty } : undefined;
    this.identified = Promise.resolve(this.tmuxClient);
    // With `encoding: null`, node-pty delivers Buffers (its typings say string).
    this.pty.onData((data) => this.data.fire(data as unknown as Buffer));
    // Kept for the pty's whole life: a pid is forgotten only once it can no longer be reused.
    this.pty.onExit((exit) => {
      this.exited = true;
      this.input.dispose();
      untrackChild(pid);
      this.exit.fire(exit);
    });
  }

  get isOpen(): boolean {
    return !this.killed && !this.exited && this.internals._socket?.destroyed === false;
  }

  write(bytes: Buffer): void {
    this.input.write(bytes);
  }

  resize(cols: number, rows: number): void {
    if (this.isOpen) this.pty.resize(cols, rows);
  }

  kill(): void {
    this.killed = true;
    this.input.dispose();
    if (this.exited) return;
    try {
      this.pty.kill();
    } catch {
      // Exited in the meantime.
    }
  }

  private get internals(): PtyInternals {
    return this.pty as unknown as PtyInternals;
  }
}

/** `tmux -C …` as a child process with a stdin pipe that is never written and never closed. */
class LocalControlProcess implements TmuxControlProcess {
  private readonly child: ChildProcess;
  private readonly output = new Emitter<string>();
  private readonly exit = new Emitter<void>();
  readonly onOutput = this.output.event;
  readonly onExit = this.exit.event;
  private done = false;

  constructor(socket: string, args: readonly string[]) {
    this.child = spawnChild(tmuxBinary(), controlArguments(socket, args), {
      env: minimalEnvironment(),
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    // Never written to; errors (EPIPE once the client is gone) mean nothing more than its exit.
    this.child.stdin?.on('error', () => undefined);
    this.child.stdout?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => this.output.fire(chunk));
    this.child.stdout?.on('error', () => undefined);
    const pid = this.child.pid;
    if (pid !== undefined) trackControlClient(pid);
    // Forgotten once it has exited (its pid cannot be reused before), or could not be run.
    const ended = () => {
      if (pid !== undefined) untrackControlClient(pid);
      this.markExited();
    };
    this.child.once('error', ended);
    this.child.once('exit', ended);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exited(): boolean {
    return this.done;
  }

  kill(): void {
    if (this.done) return;
    // SIGTERM: tmux detaches the client cleanly before it exits.
    this.child.kill('SIGTERM');
  }

  private markExited(): void {
    if (this.done) return;
    this.done = true;
    this.exit.fire();
    this.exit.dispose();
    this.output.dispose();
  }
}

function runCommand(socket: string, args: readonly string[], options: TmuxRunOptions) {
  const command = [tmuxBinary(), ...socketArguments(socket, args)];
  const [file, ...argv] = options.startsServer ? [...WITHOUT_INHERITED_FDS, ...command] : command;
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      file!,
      argv,
      {
        env: minimalEnvironment(),
        timeout: TMUX_COMMAND_TIMEOUT_MS,
        encoding: 'utf8',
        ...(options.maxBytes === undefined ? {} : { maxBuffer: options.maxBytes }),
      },
      (error, stdout, stderr) => {
        if (error?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          const message = `tmux ${args[0] ?? ''}: output over ${options.maxBytes ?? 0} bytes`;
          reject(new TmuxError(message, '', TMUX_OUTPUT_TOO_LARGE));
          return;
        }
        if (error) {
          const detail = stderr.trim() || error.message;
          reject(new TmuxError(`tmux ${args[0] ?? ''}: ${detail}`, stderr, error.code ?? null));
          return;
        }
        resolve(stdout);
      },
    );
    // execFile listens for none: a read error on a pipe would be thrown and end the gateway. Its
    // output is then incomplete, so the command fails.
    const failed = () => child.kill('SIGKILL');
    child.stdout?.on('error', failed);
    child.stderr?.on('error', failed);
  });
}

/** The tmux server behind `socket` on this machine (it need not be running yet). */
export function localTmux(socket: string): TmuxServer {
  return {
    socket,
    run: (args, options = {}) => runCommand(socket, args, options),
    attach: (options) => new LocalTmuxPty(socket, options),
    control: (args) => new LocalControlProcess(socket, args),
  };
}
