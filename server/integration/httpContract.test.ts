// Every JSON answer of the HTTP API, success and error, parsed with its schema in shared/httpApi.ts
// (real gateway, real tmux): a route whose answer drifts from the contract fails here.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { api, API_ROUTES, apiPath, errorBodySchema, type ApiRoute } from '../../shared/httpApi.js';
import { hashPassword } from '../auth/passwords.js';
import { startGateway, sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor } from './tmuxFixture.js';

/** Endpoints that have no error answer a test can provoke, and why. */
const NO_ERROR_ANSWER: ReadonlySet<ApiRoute> = new Set<ApiRoute>([
  api.health, // answers whenever the process serves
  api.ready, // 503 only while shutting down or without tmux
  api.logout, // 204 signed in or not
  api.authMethods, // public, no input
]);

interface Call {
  params?: Record<string, string>;
  cookie?: string | undefined;
  body?: unknown;
  query?: string;
  /** The status this call must get. */
  status: number;
}

/** Calls endpoints and checks each answer against the contract, noting what it saw. */
class ContractClient {
  readonly seen = new Map<ApiRoute, Set<'success' | 'error'>>();

  constructor(private readonly gw: GatewayFixture) {}

  async call(route: ApiRoute, call: Call): Promise<{ data: unknown; response: Response }> {
    const what = `${route.method} ${route.path}`;
    const response = await fetch(
      `${this.gw.url}${apiPath(route, call.params)}${call.query ?? ''}`,
      {
        method: route.method,
        headers: {
          ...(call.cookie ? { Cookie: call.cookie } : {}),
          'Content-Type': 'application/json',
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
      },
    );
    const text = await response.text();
    assert.equal(response.status, call.status, `${what} answered ${text}`);
    const success = response.status === route.status;
    const outcomes = this.seen.get(route) ?? new Set();
    this.seen.set(route, outcomes.add(success ? 'success' : 'error'));
    const schema = success ? route.response : errorBodySchema;
    if (schema === undefined) {
      assert.equal(text, '', `${what} has no body`);
      return { data: undefined, response };
    }
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/, what);
    const parsed = schema.safeParse(JSON.parse(text));
    assert.ok(parsed.success, `${what} answered ${text}: ${parsed.error?.message ?? ''}`);
    return { data: parsed.data, response };
  }
}

async function setup(t: TestContext) {
  const passwordHash = await hashPassword('pw');
  const users = ['olga', 'vic'].map((name) => ({ name, passwordHash, admin: false }));
  const tmux = await startTmux(['main']);
  const access = { olga: 'owner', vic: 'viewer' } as const;
  const gw = await startGateway([sessionOn(tmux.socket, 'main', { access })], { users });
  const clients: TestClient[] = [];
  t.after(async () => {
    for (const client of clients) client.close();
    await gw.cleanup();
    await tmux.cleanup();
  });
  return { gw, clients, client: new ContractClient(gw) };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function account({ gw, client }: Setup) {
  await client.call(api.health, { status: 200 });
  await client.call(api.ready, { status: 200 });
  const methods = await client.call(api.authMethods, { status: 200 });
  assert.deepEqual(methods.data, { local: true, proxyOnly: false, oneTimeLink: false });
  await client.call(api.login, { body: {}, status: 400 });
  await client.call(api.login, { body: { username: 'olga', password: 'no' }, status: 401 });
  const { response } = await client.call(api.login, {
    body: { username: 'olga', password: 'pw' },
    status: 204,
  });
  const olga = response.headers.get('set-cookie')?.split(';')[0];
  assert.ok(olga, 'a login cookie');
  await client.call(api.me, { status: 401 });
  await client.call(api.me, { cookie: olga, status: 200 });
  await client.call(api.sessions, { status: 401 });
  const { data } = await client.call(api.sessions, { cookie: olga, status: 200 });
  assert.deepEqual(data, [{ name: 'main', role: 'owner', alive: true, clients: 0 }]);
  const admin = await gw.login();
  await client.call(api.audit, { cookie: olga, status: 403 });
  await client.call(api.audit, { cookie: admin, query: '?since=yesterday', status: 400 });
  const audit = await client.call(api.audit, {
    cookie: admin,
    query: '?session=main',
    status: 200,
  });
  assert.ok(Array.isArray(audit.data));
  return olga;
}

async function sessionClients({ gw, clients, client }: Setup, olga: string) {
  const viewer = await TestClient.connect({ url: gw.url, cookie: await gw.loginAs('vic', 'pw') });
  clients.push(viewer);
  const { clientId: id } = await viewer.waitForMessage('hello');
  const params = { name: 'main', id };
  await client.call(api.listClients, { params: { name: 'nope' }, cookie: olga, status: 404 });
  await client.call(api.answerWriteRequest, {
    params,
    cookie: olga,
    body: { approve: true },
    status: 409,
  });
  viewer.send({ type: 'request-write' });
  await waitFor('the write request', async () => {
    const { data } = await client.call(api.listClients, { params, cookie: olga, status: 200 });
    return api.listClients.response.parse(data).some((c) => c.id === id && c.wantsWrite);
  });
  const answered = { params, cookie: olga, body: { approve: true }, status: 200 };
  assert.deepEqual((await client.call(api.answerWriteRequest, answered)).data, {
    id,
    role: 'writer',
  });
  await client.call(api.setClientRole, {
    params,
    cookie: olga,
    body: { role: 'owner' },
    status: 400,
  });
  const demoted = { params, cookie: olga, body: { role: 'viewer' }, status: 200 };
  assert.deepEqual((await client.call(api.setClientRole, demoted)).data, { id, role: 'viewer' });
  await client.call(api.kickClient, {
    params: { name: 'main', id: 'nope' },
    cookie: olga,
    status: 404,
  });
  await client.call(api.kickClient, { params, cookie: olga, status: 204 });
  await viewer.waitForClose();
}

async function links({ client }: Setup, olga: string) {
  const params = { name: 'main' };
  const link = { role: 'viewer', ttlSeconds: 3600, maxUses: 5 };
  await client.call(api.createLink, {
    params,
    cookie: olga,
    body: { ...link, role: 'owner' },
    status: 400,
  });
  const created = await client.call(api.createLink, {
    params,
    cookie: olga,
    body: link,
    status: 201,
  });
  const { id, url } = api.createLink.response.parse(created.data);
  await client.call(api.listLinks, { params, status: 401 });
  const listed = await client.call(api.listLinks, { params, cookie: olga, status: 200 });
  assert.deepEqual(
    api.listLinks.response.parse(listed.data).map((l) => l.id),
    [id],
  );
  await client.call(api.joinLink, { body: { token: 'x'.repeat(43), name: 'Gus' }, status: 404 });
  const token = url.split('/').at(-1) ?? '';
  const joined = await client.call(api.joinLink, { body: { token, name: 'Gus' }, status: 200 });
  assert.deepEqual(joined.data, { session: 'main', role: 'viewer' });
  await client.call(api.revokeLink, {
    params: { ...params, id: 'nope' },
    cookie: olga,
    status: 404,
  });
  await client.call(api.revokeLink, { params: { ...params, id }, cookie: olga, status: 204 });
}

async function recordings({ client }: Setup, olga: string) {
  const params = { name: 'main' };
  await client.call(api.recordingStatus, { params, status: 401 });
  await client.call(api.recordingStatus, { params, cookie: olga, status: 200 });
  await client.call(api.setRecording, {
    params,
    cookie: olga,
    body: { enabled: 'yes' },
    status: 400,
  });
  await client.call(api.setRecording, {
    params,
    cookie: olga,
    body: { enabled: true },
    status: 200,
  });
  await client.call(api.listRecordings, { params: { name: 'nope' }, cookie: olga, status: 404 });
  await waitFor('a recording', async () => {
    const { data } = await client.call(api.listRecordings, { params, cookie: olga, status: 200 });
    return api.listRecordings.response.parse(data).length > 0;
  });
  await client.call(api.setRecording, {
    params,
    cookie: olga,
    body: { enabled: false },
    status: 200,
  });
}

async function history({ client }: Setup, olga: string) {
  const params = { name: 'main' };
  await client.call(api.listPanes, { params, status: 401 });
  await client.call(api.listPanes, { params: { name: 'nope' }, cookie: olga, status: 404 });
  const listed = await client.call(api.listPanes, { params, cookie: olga, status: 200 });
  const [pane] = api.listPanes.response.parse(listed.data).panes;
  const paneParams = { ...params, paneId: pane?.id ?? '' };
  await client.call(api.paneHistory, {
    params: paneParams,
    query: '?lines=0',
    cookie: olga,
    status: 400,
  });
  await client.call(api.paneHistory, {
    params: { ...params, paneId: '%99999' },
    query: '?lines=5',
    cookie: olga,
    status: 404,
  });
  const opened = await client.call(api.paneHistory, {
    params: paneParams,
    query: '?lines=5',
    cookie: olga,
    status: 200,
  });
  const { snapshot, total } = api.paneHistory.response.parse(opened.data);
  await client.call(api.paneHistory, {
    params: paneParams,
    query: `?snapshot=${snapshot}&before=${total}&lines=5`,
    cookie: olga,
    status: 200,
  });
  await client.call(api.paneHistory, {
    params: paneParams,
    query: `?snapshot=${snapshot}&after=0&lines=5`,
    cookie: olga,
    status: 200,
  });
  await client.call(api.paneHistory, {
    params: paneParams,
    query: `?snapshot=${'A'.repeat(22)}&after=0&lines=5`,
    cookie: olga,
    status: 410,
  });
}

describe('the HTTP contract (shared/httpApi.ts)', () => {
  it('answers every endpoint, success and error, with the shapes its schemas describe', async (t) => {
    const context = await setup(t);
    const olga = await account(context);
    await sessionClients(context, olga);
    await links(context, olga);
    await recordings(context, olga);
    await history(context, olga);
    await context.client.call(api.logout, { cookie: olga, status: 204 });
    for (const route of API_ROUTES) {
      const seen = context.client.seen.get(route);
      const what = `${route.method} ${route.path}`;
      assert.ok(seen?.has('success'), `${what}: no successful answer was checked`);
      if (!NO_ERROR_ANSWER.has(route))
        assert.ok(seen?.has('error'), `${what}: no error was checked`);
    }
  });
});
