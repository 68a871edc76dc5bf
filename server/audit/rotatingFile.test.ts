import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RotatingFile, rotatedPath } from './rotatingFile.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-rotate-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('RotatingFile', () => {
  it('rotates by renaming before a line would pass the size, and keeps only the retained files', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'audit.log');
    const file = new RotatingFile(path, 0o600, { maxFileBytes: 100, retainFiles: 2 });
    const lines = Array.from(
      { length: 40 },
      (_, i) => `line ${String(i).padStart(3, '0')} ${'x'.repeat(20)}\n`,
    );
    for (const line of lines) file.append(line);
    file.close();
    assert.deepEqual((await readdir(dir)).sort(), ['audit.log', 'audit.log.1', 'audit.log.2']);
    const kept = [
      await readFile(rotatedPath(path, 2), 'utf8'),
      await readFile(rotatedPath(path, 1), 'utf8'),
      await readFile(path, 'utf8'),
    ];
    for (const content of kept) assert.ok(Buffer.byteLength(content) <= 100, content);
    // What is kept is the newest lines, whole, in order, none rewritten or lost in between.
    const joined = kept.join('');
    assert.ok(lines.join('').endsWith(joined), 'the newest lines, contiguous');
    assert.ok(joined.endsWith(lines.at(-1)!), 'the newest line is there');
  });

  it('appends to an existing file and counts its size', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'audit.log');
    await writeFile(path, 'a'.repeat(90) + '\n');
    const file = new RotatingFile(path, 0o600, { maxFileBytes: 100, retainFiles: 1 });
    file.append('b'.repeat(20) + '\n');
    file.close();
    assert.equal(await readFile(rotatedPath(path, 1), 'utf8'), 'a'.repeat(90) + '\n');
    assert.equal(await readFile(path, 'utf8'), 'b'.repeat(20) + '\n');
  });

  it('writes a line bigger than the size alone in a file rather than drop it', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'audit.log');
    const file = new RotatingFile(path, 0o600, { maxFileBytes: 10, retainFiles: 1 });
    file.append('0123456789abcdef\n');
    file.append('next\n');
    file.close();
    assert.equal(await readFile(rotatedPath(path, 1), 'utf8'), '0123456789abcdef\n');
    assert.equal(await readFile(path, 'utf8'), 'next\n');
  });

  it('refuses to open the file through a symbolic link', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'elsewhere'), '');
    await symlink(join(dir, 'elsewhere'), join(dir, 'audit.log'));
    assert.throws(
      () => new RotatingFile(join(dir, 'audit.log'), 0o600, { maxFileBytes: 100, retainFiles: 1 }),
      /symbolic link/,
    );
  });
});
