// The audit log cannot be flooded or fooled (issue #14, findings 4 and 5): a flood of refusals from
// one address is counted in one line, fields are bounded, the file rotates by renaming with the
// newest lines kept, and every record about someone says how they signed in.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../auth/passwords.js';
import { startGateway, sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor } from './tmuxFixture.js';

type AuditRecord = Record<string, unknown>;

async function auditRecords(stateDir: string, file = 'audit.log'): Promise<AuditRecord[]> {
  return (await readFile(join(stateDir, file), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditRecord);
}

function post(url: string, path: string, body: unknown, cookie?: string) {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: JSON.stringify(body),
  });
}

describe('audit log bounds', () => {
  it('counts a flood of refused logins from one address in one line, with bounded fields', async (t) => {
    const stateDir = await mkdtemp(join(tmpdir(), 'tg-state-'));
    t.after(() => rm(stateDir, { recursive: true, force: true }));
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const users = [{ name: 'alice', passwordHash: await hashPassword('pw'), admin: false }];
    const gw = await startGateway([sessionOn(tmux.socket)], { stateDir, users });
    const before = (await stat(join(stateDir, 'audit.log'))).size;

    const FLOOD = 3000;
    const name = 'n'.repeat(256);
    const statuses = new Map<number, number>();
    for (let sent = 0; sent < FLOOD; sent += 100) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, () =>
          post(gw.url, '/api/login', { username: name, password: 'wrong' }),
        ),
      );
      for (const answer of answers)
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    }
    assert.equal(
      (statuses.get(401) ?? 0) + (statuses.get(429) ?? 0),
      FLOOD,
      JSON.stringify([...statuses]),
    );
    const grown = (await stat(join(stateDir, 'audit.log'))).size - before;
    assert.ok(grown < 4096, `the flood added ${grown} bytes, not a line per refusal`);
    // Logins that succeed are still audited one by one (the flood's address is rate limited now).
    await gw.login({ name: 'alice', kind: 'local', admin: false });
    await gw.gateway.close();

    const records = await auditRecords(stateDir);
    const refusals = records.filter(
      (record) => record.event === 'login-failed' || record.event === 'login-rate-limited',
    );
    const written = refusals.filter((record) => record.count === undefined);
    const counted = refusals.reduce(
      (sum, record) => sum + ((record.count as number | undefined) ?? 0),
      0,
    );
    assert.equal(written.length + counted, FLOOD, 'every refusal is written or counted');
    assert.ok(written.length <= 10, `${written.length} refusals written one by one`);
    for (const record of refusals.filter((record) => record.count !== undefined)) {
      assert.equal(record.ip, '127.0.0.1');
      assert.equal(typeof record.since, 'string');
    }
    for (const record of written) {
      assert.ok(String(record.user).length <= 128, 'the typed name is cut');
    }
    assert.ok(records.some((record) => record.event === 'login' && record.user === 'alice'));
  });

  it('rotates by renaming, keeps the newest lines, and serves rotated records to admins', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const maxFileBytes = 64 * 1024;
    const gw = await startGateway([sessionOn(tmux.socket)], {
      audit: { maxFileBytes, retainFiles: 2 },
    });
    t.after(() => gw.cleanup());
    const LOGINS = 1500;
    let last = '';
    for (let i = 0; i < LOGINS; i += 1) {
      last = `user${String(i).padStart(4, '0')}`;
      await gw.login({ name: last, kind: 'local', admin: i === LOGINS - 1 });
    }
    const files = (await readdir(gw.stateDir)).filter((name) => name.startsWith('audit.log'));
    assert.deepEqual(files.sort(), ['audit.log', 'audit.log.1', 'audit.log.2']);
    for (const file of files) {
      assert.ok((await stat(join(gw.stateDir, file))).size <= maxFileBytes, file);
    }
    const current = await auditRecords(gw.stateDir);
    assert.equal(current.at(-1)?.user, last, 'the newest line is in the current file');
    // The oldest file's first line follows straight on from what was removed: nothing in between lost.
    const kept = [
      ...(await auditRecords(gw.stateDir, 'audit.log.2')),
      ...(await auditRecords(gw.stateDir, 'audit.log.1')),
      ...current,
    ].map((record) => Number(String(record.user).slice(4)));
    assert.deepEqual(
      kept,
      Array.from({ length: kept.length }, (_, i) => LOGINS - kept.length + i),
    );

    const admin = await gw.login({ name: 'root', kind: 'local', admin: true });
    const response = await fetch(`${gw.url}/api/audit`, { headers: { Cookie: admin } });
    assert.equal(response.status, 200);
    const served = (await response.json()) as AuditRecord[];
    assert.ok(served.length > current.length, 'records of rotated files are served too');
    assert.equal(served.at(-1)?.user, 'root', 'newest last');
  });

  it('says in every record how the person signed in, so a guest named alice is not alice', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const users = [{ name: 'alice', passwordHash: await hashPassword('pw'), admin: false }];
    const gw = await startGateway(
      [sessionOn(tmux.socket, 'main', { access: { alice: 'viewer' } })],
      {
        users,
      },
    );
    t.after(() => gw.cleanup());
    const owner = await gw.login();
    const created = await post(
      gw.url,
      '/api/sessions/main/links',
      { role: 'viewer', ttlSeconds: 600 },
      owner,
    );
    assert.equal(created.status, 201);
    const link = (await created.json()) as { id: string; url: string };
    const token = new URL(link.url).pathname.split('/').at(-1)!;
    const joined = await post(gw.url, '/api/join', { token, name: 'alice' });
    assert.equal(joined.status, 200);
    const guestCookie = joined.headers.get('set-cookie')!.split(';')[0]!;
    const realCookie = await gw.loginAs('alice', 'pw');

    for (const cookie of [guestCookie, realCookie]) {
      const client = await TestClient.connect({ url: gw.url, cookie });
      await client.waitForMessage('hello');
      client.close();
    }
    const records = await waitFor('two leave records', async () => {
      const all = await gw.audit();
      return all.filter((record) => record.event === 'leave').length === 2 ? all : undefined;
    });
    const about = (event: string) =>
      records.filter((record) => record.event === event && record.user === 'alice');
    assert.deepEqual(
      about('join').map((record) => [record.kind, record.link]),
      [
        ['guest', link.id],
        ['local', undefined],
      ],
    );
    assert.deepEqual(
      about('leave').map((record) => [record.kind, record.link]),
      [
        ['guest', link.id],
        ['local', undefined],
      ],
    );
    assert.deepEqual(
      about('link-used').map((record) => [record.kind, record.link]),
      [['guest', link.id]],
    );
    assert.deepEqual(
      about('login').map((record) => record.kind),
      ['local'],
    );
  });
});
