// `tmuxgate hash-password`: reads a password on stdin and prints its hash for the config file.

import { hashPassword } from '../auth/passwords.js';
import { parseCommandLine } from './commandLine.js';

/** Exit code for a refused input, the same as for a usage mistake. */
const EXIT_REFUSED = 2;
/** Exit code after Ctrl-C at the prompt: 128 + SIGINT, as a shell reports an interrupted command. */
const EXIT_INTERRUPTED = 130;

/** Control characters a terminal in raw mode sends for the keys we handle. */
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
/** Backspace keys: DEL (what most terminals send) and BS. */
const BACKSPACE = new Set(['\u007f', '\b']);
const END_OF_LINE = new Set(['\r', '\n']);

/** A terminal stdin (tty.ReadStream), told apart without importing tty. */
interface TerminalInput extends NodeJS.ReadableStream {
  isTTY: true;
  setRawMode(mode: boolean): unknown;
}

function isTerminal(input: NodeJS.ReadableStream): input is TerminalInput {
  return (input as Partial<TerminalInput>).isTTY === true && 'setRawMode' in input;
}

/** Everything until end of input, minus one trailing newline (LF or CRLF): a piped password. */
async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** One line typed at a terminal, without echoing it. Resolves undefined on Ctrl-C. */
function readHiddenLine(input: TerminalInput): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (result: string | undefined) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      input.removeListener('error', onError);
      resolve(result);
    };
    const onError = (error: Error) => {
      input.setRawMode(false);
      reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === CTRL_C || char === CTRL_D || END_OF_LINE.has(char)) {
          finish(char === CTRL_C ? undefined : typed);
          return;
        }
        if (BACKSPACE.has(char)) typed = [...typed].slice(0, -1).join('');
        else typed += char;
      }
    };
    input.setRawMode(true);
    input.on('data', onData);
    input.on('error', onError);
    input.resume();
  });
}

export async function runHashPassword(
  argv: string[],
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  parseCommandLine({ args: argv, options: {}, strict: true, allowPositionals: false });

  let password: string | undefined;
  if (isTerminal(input)) {
    errors.write('Password: ');
    password = await readHiddenLine(input);
    errors.write('\n');
    if (password === undefined) return EXIT_INTERRUPTED;
  } else {
    password = await readAll(input);
  }
  if (password === '') {
    errors.write('tmuxgate: refusing an empty password (give it on stdin)\n');
    return EXIT_REFUSED;
  }
  output.write(`${await hashPassword(password)}\n`);
  return 0;
}
