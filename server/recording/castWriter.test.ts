import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CastWriter, MARKER_PAUSE_MS, type CastWriterOptions } from './castWriter.js';

const START = Date.parse('2024-05-01T12:00:00.000Z');

async function setup(t: TestContext, overrides: Partial<CastWriterOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'tg-cast-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const clock = { ms: START };
  const rotations: Array<[string, string]> = [];
  const writer = new CastWriter({
    dir,
    title: 'tmuxgate main',
    width: 80,
    height: 24,
    maxFileBytes: 1024 * 1024,
    maxFileSeconds: 3600,
    now: () => clock.ms,
    onRotated: (closed, opened) => rotations.push([closed, opened]),
    ...overrides,
  });
  t.after(() => writer.close());
  /** Every file, oldest first, as parsed lines. */
  const files = async () => {
    const names = (await readdir(dir)).sort();
    return Promise.all(
      names.map(async (name) => ({
        name,
        size: (await stat(join(dir, name))).size,
        lines: (await readFile(join(dir, name), 'utf8'))
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as unknown),
      })),
    );
  };
  return { dir, clock, writer, rotations, files };
}

describe('CastWriter', () => {
  it('writes a header at once, then events with times since the start', async (t) => {
    const { clock, writer, files } = await setup(t);
    const [first] = await files();
    assert.equal(first?.name, '20240501T120000.000Z.cast');
    assert.equal(first?.lines.length, 1);
    clock.ms += 1500;
    writer.output(Buffer.from('hello\r\n'));
    writer.resize(100, 30);
    writer.close();
    const [file] = await files();
    assert.deepEqual(file?.lines.slice(1), [
      [1.5, 'o', 'hello\r\n'],
      [1.5, 'r', '100x30'],
    ]);
  });

  it('creates files readable and writable by the gateway user only', async (t) => {
    const { dir, writer } = await setup(t);
    writer.close();
    const [name] = await readdir(dir);
    assert.equal((await stat(join(dir, name!))).mode & 0o777, 0o600);
  });

  it('keeps a UTF-8 character split between two reads whole', async (t) => {
    const { writer, files } = await setup(t);
    const bytes = Buffer.from('€ ok', 'utf8');
    writer.output(bytes.subarray(0, 2));
    writer.output(bytes.subarray(2));
    writer.output(Buffer.from([0xe2, 0x82])); // cut short at the very end
    writer.close();
    const events = (await files())[0]?.lines.slice(1) as Array<[number, string, string]>;
    assert.equal(events.map((event) => event[2]).join(''), '€ ok\ufffd');
  });

  it('names the typist before their input, again when another types or after a pause', async (t) => {
    const { clock, writer, files } = await setup(t);
    writer.input('walt', 'ls');
    clock.ms += 100;
    writer.input('walt', '\r');
    clock.ms += 100;
    writer.input('olga', 'x');
    clock.ms += MARKER_PAUSE_MS + 1;
    writer.input('olga', 'y');
    writer.close();
    const events = (await files())[0]?.lines.slice(1) as Array<[number, string, string]>;
    assert.deepEqual(
      events.map(([, code, data]) => `${code}:${data}`),
      ['m:walt', 'i:ls', 'i:\r', 'm:olga', 'i:x', 'm:olga', 'i:y'],
    );
  });

  it('never lets time go backwards when the wall clock steps back', async (t) => {
    const { clock, writer, files } = await setup(t);
    clock.ms += 5000;
    writer.output(Buffer.from('a'));
    clock.ms -= 3000;
    writer.output(Buffer.from('b'));
    writer.close();
    const events = (await files())[0]?.lines.slice(1) as Array<[number, string, string]>;
    assert.deepEqual(
      events.map((event) => event[0]),
      [5, 5],
    );
  });

  it('rotates before a file would pass maxFileBytes, each file with its own header', async (t) => {
    const maxFileBytes = 400;
    const { clock, writer, rotations, files } = await setup(t, { maxFileBytes });
    for (let i = 0; i < 20; i++) {
      clock.ms += 10;
      writer.output(Buffer.from(`line ${i} ${'x'.repeat(20)}\r\n`));
      if (i === 7) writer.input('walt', 'q');
    }
    writer.close();
    const all = await files();
    assert.ok(all.length >= 3, `${all.length} files`);
    assert.equal(rotations.length, all.length - 1);
    assert.deepEqual(
      rotations.map(([, opened]) => `${opened}.cast`),
      all.slice(1).map((file) => file.name),
    );
    const text: string[] = [];
    for (const file of all) {
      assert.ok(file.size <= maxFileBytes, `${file.name} is ${file.size} bytes`);
      const [header, ...events] = file.lines as [Record<string, unknown>, ...unknown[]];
      assert.equal(header.version, 2);
      assert.deepEqual([header.width, header.height], [80, 24]);
      let previous = 0;
      for (const event of events as Array<[number, string, string]>) {
        assert.ok(event[0] >= previous);
        previous = event[0];
        if (event[1] === 'o') text.push(event[2]);
        // An input event is never separated from the marker naming its typist.
        if (event[1] === 'i') assert.ok(events.some((e) => (e as unknown[])[1] === 'm'));
      }
    }
    assert.equal(text.join('').split('\r\n').length - 1, 20);
  });

  it('rotates once a file covers maxFileSeconds, also when quiet', async (t) => {
    const { clock, writer, rotations, files } = await setup(t, { maxFileSeconds: 60 });
    writer.output(Buffer.from('one'));
    clock.ms += 59_000;
    writer.checkTime();
    assert.equal(rotations.length, 0);
    clock.ms += 1000;
    writer.checkTime();
    assert.equal(rotations.length, 1);
    clock.ms += 500;
    writer.output(Buffer.from('two'));
    writer.close();
    const all = await files();
    assert.deepEqual(
      all.map((file) => file.name),
      ['20240501T120000.000Z.cast', '20240501T120100.000Z.cast'],
    );
    assert.deepEqual(all[1]?.lines.slice(1), [[0.5, 'o', 'two']]);
  });

  it('picks the next free name when one is taken', async (t) => {
    const { dir, clock, writer } = await setup(t);
    const second = new CastWriter({
      dir,
      title: 't',
      width: 80,
      height: 24,
      maxFileBytes: 1024,
      maxFileSeconds: 60,
      now: () => clock.ms,
    });
    assert.equal(writer.id, '20240501T120000.000Z');
    assert.equal(second.id, '20240501T120000.000Z-1');
    second.close();
  });

  it('reports a failed write once, closes itself and ignores later calls', async (t) => {
    const errors: unknown[] = [];
    const { dir, clock, writer } = await setup(t, {
      maxFileSeconds: 60,
      onError: (error) => errors.push(error),
    });
    await rm(dir, { recursive: true, force: true });
    // Rotation needs a new file in the removed directory: that fails.
    clock.ms += 60_000;
    writer.checkTime();
    writer.output(Buffer.from('after'));
    writer.close();
    assert.equal(errors.length, 1);
    assert.equal(writer.closed, true);
  });
});
