import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable, Writable } from 'node:stream';
import { verifyPassword } from '../auth/passwords.js';
import { runHashPassword } from './hashPassword.js';
import { UsageError } from './usageError.js';

/** A writable that collects what is written, synchronously. */
function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(stdin: string | string[], argv: string[] = []) {
  const out = sink();
  const err = sink();
  const chunks = typeof stdin === 'string' ? [stdin] : stdin;
  const code = await runHashPassword(argv, Readable.from(chunks), out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** A fake terminal: records raw mode, replays what the user "types". */
function fakeTerminal(typed: string) {
  const stream = new PassThrough() as PassThrough & { isTTY: true; setRawMode(on: boolean): void };
  const rawModes: boolean[] = [];
  stream.isTTY = true;
  stream.setRawMode = (on: boolean) => void rawModes.push(on);
  setImmediate(() => stream.write(typed));
  return { stream, rawModes };
}

describe('tmuxgate hash-password', () => {
  it('prints a hash of the piped password, without its trailing newline', async () => {
    const { code, stdout, stderr } = await run('s3cret pass\n');
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.match(stdout, /^scrypt\$[^\n]+\n$/);
    assert.equal(await verifyPassword('s3cret pass', stdout.trimEnd()), true);
  });

  it('strips exactly one CRLF and keeps other whitespace', async () => {
    const { stdout } = await run([' a b ', '\n\r\n']);
    assert.equal(await verifyPassword(' a b \n', stdout.trimEnd()), true);
  });

  it('takes a password without any trailing newline as is', async () => {
    const { stdout } = await run('no-newline');
    assert.equal(await verifyPassword('no-newline', stdout.trimEnd()), true);
  });

  it('refuses an empty password with exit code 2', async () => {
    for (const input of ['', '\n', '\r\n']) {
      const { code, stdout, stderr } = await run(input);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, 'tmuxgate: refusing an empty password (give it on stdin)\n');
    }
  });

  it('rejects options and arguments as usage errors', async () => {
    await assert.rejects(run('pw\n', ['--cost', '5']), UsageError);
    await assert.rejects(run('pw\n', ['extra']), UsageError);
  });

  it('prompts on a terminal and reads one line without echo', async () => {
    const terminal = fakeTerminal('pa\u007fw\u007fsX\r');
    const out = sink();
    const err = sink();
    const code = await runHashPassword([], terminal.stream, out.stream, err.stream);
    assert.equal(code, 0);
    assert.equal(err.text(), 'Password: \n');
    assert.deepEqual(terminal.rawModes, [true, false]);
    assert.equal(await verifyPassword('psX', out.text().trimEnd()), true);
  });

  it('stops on Ctrl-C at the prompt', async () => {
    const terminal = fakeTerminal('abc\u0003');
    const out = sink();
    const code = await runHashPassword([], terminal.stream, out.stream, sink().stream);
    assert.equal(code, 130);
    assert.equal(out.text(), '');
    assert.deepEqual(terminal.rawModes, [true, false]);
  });
});
