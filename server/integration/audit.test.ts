// The audit trail: every event PRODUCT.md's promise 7 names appears after its action with the
// documented fields, and GET /api/audit filters for admins and refuses everyone else.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { setup as setupGateway } from './setup.js';
import { TestClient } from './testClient.js';
import { waitFor } from './tmuxFixture.js';

type AuditRecord = Record<string, unknown>;

async function setup(t: TestContext) {
  const { gw, clients } = await setupGateway(t, {
    users: ['ada', 'olga', 'vic'],
    admins: ['ada'],
    tmuxSessions: ['main', 'side'],
    sessions: (socket) => [
      sessionOn(socket, 'main', { access: { olga: 'owner', vic: 'viewer' } }),
      sessionOn(socket, 'side', { access: { olga: 'owner' } }),
    ],
    signIn: false,
  });
  return { gw, clients };
}

const call = (
  gw: GatewayFixture,
  cookie: string | undefined,
  method: string,
  path: string,
  body?: unknown,
) =>
  fetch(`${gw.url}${path}`, {
    method,
    headers: { ...(cookie ? { Cookie: cookie } : {}), 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function newRecords(gw: GatewayFixture, seen: number): Promise<AuditRecord[]> {
  return (await gw.audit()).slice(seen);
}

describe('audit trail', () => {
  it('records each event after the action, with its documented fields', async (t) => {
    const { gw, clients } = await setup(t);
    let seen = 0;
    const expect = async (action: () => Promise<unknown>, event: string, fields: AuditRecord) => {
      await action();
      const record = await waitFor(`an audit "${event}" record`, async () =>
        (await newRecords(gw, seen)).find((r) => r.event === event),
      );
      for (const [key, value] of Object.entries(fields)) {
        if (value === String) assert.equal(typeof record[key], 'string', `${event}.${key}`);
        else assert.deepEqual(record[key], value, `${event}.${key}`);
      }
      assert.ok(!Number.isNaN(Date.parse(String(record.time))), `${event}.time`);
      seen = (await gw.audit()).length;
      return record;
    };

    await expect(
      () => call(gw, undefined, 'POST', '/api/login', { username: 'olga', password: 'no' }),
      'login-failed',
      { user: 'olga', ip: String, method: 'password' },
    );
    let olga = '';
    await expect(async () => (olga = await gw.loginAs('olga', 'pw')), 'login', {
      user: 'olga',
      ip: String,
      method: 'password',
    });
    const vicCookie = await gw.loginAs('vic', 'pw');
    seen = (await gw.audit()).length;
    let viewer: TestClient | undefined;
    const join = await expect(
      async () => {
        viewer = await TestClient.connect({ url: gw.url, cookie: vicCookie });
        clients.push(viewer);
      },
      'join',
      { user: 'vic', session: 'main', role: 'viewer', client: String, ip: String },
    );
    await viewer!.waitForMessage('hello');
    await waitFor(
      'the viewer to attach',
      async () =>
        ((await (await call(gw, olga, 'GET', '/api/sessions/main/clients')).json()) as unknown[])
          .length === 1,
    );
    await expect(
      () =>
        call(gw, olga, 'PUT', `/api/sessions/main/clients/${String(join.client)}/role`, {
          role: 'writer',
        }),
      'role-change',
      {
        by: 'olga',
        user: 'vic',
        client: join.client,
        from: 'viewer',
        to: 'writer',
      },
    );
    await expect(
      () => call(gw, olga, 'DELETE', `/api/sessions/main/clients/${String(join.client)}`),
      'kick',
      { by: 'olga', user: 'vic', client: join.client, session: 'main' },
    );
    await waitFor('the leave record', async () =>
      (await gw.audit()).some((r) => r.event === 'leave' && r.client === join.client),
    );
    const leave = (await gw.audit()).find((r) => r.event === 'leave' && r.client === join.client);
    assert.equal(typeof leave?.durationMs, 'number');
    seen = (await gw.audit()).length;

    let linkUrl = '';
    let linkId = '';
    await expect(
      async () => {
        const created = (await (
          await call(gw, olga, 'POST', '/api/sessions/main/links', {
            role: 'viewer',
            ttlSeconds: 600,
            maxUses: 5,
          })
        ).json()) as { id: string; url: string };
        linkUrl = created.url;
        linkId = created.id;
      },
      'link-created',
      { by: 'olga', session: 'main', role: 'viewer', maxUses: 5, expiresAt: String },
    );
    const token = linkUrl.split('/').at(-1);
    await expect(
      () => call(gw, undefined, 'POST', '/api/join', { token, name: 'Gus' }),
      'link-used',
      { user: 'Gus', ip: String, session: 'main', role: 'viewer', link: linkId },
    );
    await expect(
      () => call(gw, olga, 'DELETE', `/api/sessions/main/links/${linkId}`),
      'link-revoked',
      { by: 'olga', session: 'main', link: linkId },
    );
    await expect(
      () => call(gw, undefined, 'POST', '/api/join', { token, name: 'Late' }),
      'link-refused',
      { user: 'Late', reason: 'revoked' },
    );
    await expect(() => call(gw, olga, 'POST', '/api/logout'), 'logout', {
      user: 'olga',
      ip: String,
    });
    assert.ok(
      !JSON.stringify(await gw.audit()).includes(token!),
      'tokens never reach the audit log',
    );
  });

  it('serves admins filtered records and refuses everyone else', async (t) => {
    const { gw } = await setup(t);
    const ada = await gw.loginAs('ada', 'pw');
    const olga = await gw.loginAs('olga', 'pw');
    const before = new Date().toISOString();
    await call(gw, olga, 'POST', '/api/sessions/side/links', { role: 'viewer', ttlSeconds: 600 });
    await call(gw, olga, 'POST', '/api/sessions/main/links', { role: 'viewer', ttlSeconds: 600 });

    const all = (await (await call(gw, ada, 'GET', '/api/audit')).json()) as AuditRecord[];
    assert.deepEqual(
      all.map((r) => r.event),
      ['login', 'login', 'link-created', 'link-created'],
    );
    const side = (await (
      await call(gw, ada, 'GET', '/api/audit?session=side')
    ).json()) as AuditRecord[];
    assert.deepEqual(
      side.map((r) => [r.event, r.session]),
      [['link-created', 'side']],
    );
    const recent = (await (
      await call(gw, ada, 'GET', `/api/audit?since=${encodeURIComponent(before)}`)
    ).json()) as AuditRecord[];
    assert.deepEqual(
      recent.map((r) => r.event),
      ['link-created', 'link-created'],
    );
    const none = (await (
      await call(gw, ada, 'GET', `/api/audit?until=${encodeURIComponent('2000-01-01T00:00:00Z')}`)
    ).json()) as AuditRecord[];
    assert.deepEqual(none, []);

    assert.equal((await call(gw, olga, 'GET', '/api/audit')).status, 403, 'owners are not admins');
    assert.equal((await call(gw, undefined, 'GET', '/api/audit')).status, 401);
    assert.equal((await call(gw, ada, 'GET', '/api/audit?since=yesterday')).status, 400);
    assert.equal((await call(gw, ada, 'GET', '/api/audit?colour=blue')).status, 400);
  });
});
