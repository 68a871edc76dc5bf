import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOKEN_PATTERN } from '../auth/bearerTokens.js';
import { LINKS_FILE, ShareLinks } from './shareLinks.js';

async function fixture(t: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), 'tg-links-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const clock = { now: 1_000_000 };
  const links = await ShareLinks.load(dir, () => clock.now);
  return { dir, clock, links };
}

const spec = {
  session: 'main',
  role: 'viewer' as const,
  ttlSeconds: 60,
  maxUses: null,
  createdBy: 'alice',
};

describe('ShareLinks', () => {
  it('creates 256-bit tokens and stores only their hashes, in a 0600 file', async (t) => {
    const { dir, links } = await fixture(t);
    const { token, link } = await links.create(spec);
    assert.match(token, TOKEN_PATTERN);
    const file = await readFile(join(dir, LINKS_FILE), 'utf8');
    assert.ok(!file.includes(token), 'the token itself is never stored');
    assert.ok(file.includes(link.tokenHash));
    assert.equal((await stat(join(dir, LINKS_FILE))).mode & 0o777, 0o600);
  });

  it('redeems until the use limit, then says used-up', async (t) => {
    const { links } = await fixture(t);
    const { token } = await links.create({ ...spec, maxUses: 2 });
    assert.equal((await links.redeem(token)).ok, true);
    assert.equal((await links.redeem(token)).ok, true);
    assert.deepEqual(await links.redeem(token), { ok: false, reason: 'used-up' });
  });

  it('expires after its lifetime', async (t) => {
    const { links, clock } = await fixture(t);
    const { token, link } = await links.create(spec);
    clock.now += 59_000;
    assert.equal(links.peek(token).ok, true);
    clock.now += 1_000;
    assert.deepEqual(links.peek(token), { ok: false, reason: 'expired' });
    assert.equal(links.isUsable(link.id), false);
  });

  it('revokes, and stays revoked after a reload', async (t) => {
    const { links, dir, clock } = await fixture(t);
    const { token, link } = await links.create(spec);
    assert.ok(await links.revoke(link.id));
    assert.equal(await links.revoke(link.id), undefined, 'revoking twice reports nothing to do');
    assert.deepEqual(links.peek(token), { ok: false, reason: 'revoked' });
    const reloaded = await ShareLinks.load(dir, () => clock.now);
    assert.deepEqual(reloaded.peek(token), { ok: false, reason: 'revoked' });
  });

  it('survives a reload with its uses counted', async (t) => {
    const { links, dir, clock } = await fixture(t);
    const { token, link } = await links.create({ ...spec, maxUses: 3 });
    await links.redeem(token);
    const reloaded = await ShareLinks.load(dir, () => clock.now);
    assert.equal(reloaded.peek(token).ok, true);
    assert.equal(reloaded.listActive('main')[0]?.usesLeft, 2);
    assert.equal(reloaded.listActive('main')[0]?.id, link.id);
    assert.deepEqual(reloaded.listActive('other'), []);
  });

  it('calls unknown, malformed and very long tokens unknown', async (t) => {
    const { links } = await fixture(t);
    await links.create(spec);
    for (const token of ['', 'x', 'A'.repeat(43), 'A'.repeat(10_000), '../../etc/passwd', '%00']) {
      assert.deepEqual(links.peek(token), { ok: false, reason: 'unknown' });
    }
  });

  it('keeps whether a link allows history; links stored before the option allow it', async (t) => {
    const { links, dir, clock } = await fixture(t);
    const { link: closed } = await links.create({ ...spec, history: false });
    const { link: open } = await links.create(spec);
    const stored = JSON.parse(await readFile(join(dir, LINKS_FILE), 'utf8')) as Array<
      Record<string, unknown>
    >;
    // A file written before links had the option: no `history` field at all.
    for (const record of stored) if (record.id === open.id) delete record.history;
    await writeFile(join(dir, LINKS_FILE), JSON.stringify(stored));
    const reloaded = await ShareLinks.load(dir, () => clock.now);
    const views = new Map(reloaded.listActive('main').map((view) => [view.id, view.history]));
    assert.equal(views.get(closed.id), false);
    assert.equal(views.get(open.id), true);
  });

  it('refuses a corrupt file, naming it, instead of replacing it', async (t) => {
    const { dir } = await fixture(t);
    await writeFile(join(dir, LINKS_FILE), '{"not": "a list"}');
    await assert.rejects(ShareLinks.load(dir), new RegExp(`${LINKS_FILE}: corrupt state file`));
  });
});
