import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync } from 'node:fs';
import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicFile.js';
import { openAppendSync, readStateText } from './noFollow.js';

/** A state directory with a link planted in it after the start-up check, as an attacker would. */
async function planted(t: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), 'tg-nofollow-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const target = join(dir, 'target');
  await writeFile(target, 'the attacker knows this');
  const link = join(dir, 'secret.key');
  await symlink(target, link);
  return { dir, target, link };
}

describe('state files are never opened through a link', () => {
  it('reading refuses a link, naming it', async (t) => {
    const { link } = await planted(t);
    await assert.rejects(readStateText(link), new RegExp(`${link}: is a symbolic link`));
  });

  it('reading an absent file says so, and a directory is refused', async (t) => {
    const { dir } = await planted(t);
    assert.equal(await readStateText(join(dir, 'absent')), undefined);
    await assert.rejects(readStateText(dir), /is not a regular file/);
  });

  it('appending refuses a link and writes nothing through it', async (t) => {
    const { dir, link, target } = await planted(t);
    assert.throws(() => openAppendSync(link, 0o600), new RegExp(`${link}: is a symbolic link`));
    assert.equal(await readFile(target, 'utf8'), 'the attacker knows this');
    closeSync(openAppendSync(join(dir, 'audit.log'), 0o600));
    assert.equal((await lstat(join(dir, 'audit.log'))).mode & 0o777, 0o600);
  });

  it('an atomic write replaces a link instead of writing through it', async (t) => {
    const { link, target } = await planted(t);
    await writeFileAtomic(link, 'new', 0o600);
    assert.equal(await readFile(target, 'utf8'), 'the attacker knows this');
    assert.ok((await lstat(link)).isFile());
    assert.equal(await readFile(link, 'utf8'), 'new');
  });
});
