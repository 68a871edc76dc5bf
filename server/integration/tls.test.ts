// TLS served by the gateway itself (https, wss, Secure cookies, SIGHUP reload), and TLS ended by
// a reverse proxy (trustProxy, X-Forwarded-*, publicUrl and the Origin check).

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { createLogger } from '../log.js';
import { certificateDir, type CertificateDir } from './certificateFixture.js';
import { OWNER, sessionOn, startGateway } from './gatewayFixture.js';
import { spawnGateway } from './gatewayProcessFixture.js';
import { servedFingerprint, setCookies, testRequest } from '../../testing/httpsClient.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor } from './tmuxFixture.js';

async function certificates(t: TestContext): Promise<CertificateDir> {
  const certs = await certificateDir();
  t.after(() => certs.cleanup());
  return certs;
}

const json = { 'Content-Type': 'application/json' };
const cliEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.ts');

describe('TLS served by the gateway', () => {
  it('serves https and wss with the certificate; cookies are Secure; HSTS is sent', async (t) => {
    const cert = await (await certificates(t)).make('one');
    const tmux = await startTmux(['main']);
    const gw = await startGateway([sessionOn(tmux.socket)], {
      users: [{ name: 'alice', passwordHash: await hashPassword('alice-pw'), admin: true }],
      operations: { tls: { cert: cert.certPath, key: cert.keyPath } },
      ca: cert.pem,
    });
    t.after(async () => {
      await gw.cleanup();
      await tmux.cleanup();
    });
    assert.match(gw.url, /^https:\/\/127\.0\.0\.1:\d+$/, 'the printed URL is https');
    assert.equal(gw.gateway.baseUrl(), gw.url);
    assert.match(gw.gateway.issueLoginUrl(OWNER), /^https:\/\//);
    assert.equal(await servedFingerprint(gw.port), cert.fingerprint);

    const link = await testRequest(gw.gateway.issueLoginUrl(OWNER), { ca: cert.pem });
    assert.equal(link.status, 303);
    assert.match(setCookies(link)[0] ?? '', /; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    const password = await testRequest(`${gw.url}/api/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ username: 'alice', password: 'alice-pw' }),
      ca: cert.pem,
    });
    assert.equal(password.status, 204);
    assert.match(setCookies(password)[0] ?? '', /; Secure$/);
    assert.match(String(password.headers['strict-transport-security']), /^max-age=15552000$/);

    const cookie = (setCookies(password)[0] ?? '').split(';')[0]!;
    const client = await TestClient.connect({ url: gw.url, cookie, ca: cert.pem });
    t.after(() => client.close());
    await client.waitForMessage('hello');
    client.type('echo over-$((6*7))-wss\r');
    await client.waitForScreen(/over-42-wss/);

    const plainOrigin = `http://127.0.0.1:${gw.port}`;
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie, ca: cert.pem, origin: plainOrigin }),
      403,
      'an http page may not open a terminal on the https gateway',
    );
  });

  it('refuses to start when the certificate or key cannot be used, naming the file', async (t) => {
    const certs = await certificates(t);
    const [one, two] = [await certs.make('one'), await certs.make('two')];
    const stateDir = await mkdtemp(join(tmpdir(), 'tg-state-'));
    t.after(() => rm(stateDir, { recursive: true, force: true }));
    const start = (cert: string, key: string) =>
      createServer(
        {
          listen: { host: '127.0.0.1', port: 0, tls: { cert, key } },
          users: [],
          stateDir,
          sessions: [sessionOn(join(stateDir, 'tmux.sock'))],
        },
        { log: createLogger('error', () => undefined) },
      );
    const missing = join(certs.dir, 'nothing.crt');
    await assert.rejects(start(missing, one.keyPath), {
      message: `listen.tls.cert: cannot read ${missing}: no such file`,
    });
    await assert.rejects(start(one.certPath, two.keyPath), {
      message: `listen.tls.key: ${two.keyPath} is not the key of the certificate ${one.certPath}`,
    });
  });

  it('swaps the certificate on SIGHUP without dropping connections, and keeps it when the new one is broken', async (t) => {
    const certs = await certificates(t);
    const [one, two] = [await certs.make('one'), await certs.make('two')];
    const live = { cert: join(certs.dir, 'live.crt'), key: join(certs.dir, 'live.key') };
    await copyFile(one.certPath, live.cert);
    await copyFile(one.keyPath, live.key);
    const tmux = await startTmux(['main']);
    const gw = await spawnGateway([sessionOn(tmux.socket)], {
      tls: { ...live, ca: one.pem },
    });
    t.after(async () => {
      await gw.stop();
      await tmux.cleanup();
    });
    assert.equal(await servedFingerprint(gw.port), one.fingerprint);
    const client = await TestClient.connect({
      url: gw.url,
      cookie: gw.cookie,
      ca: [one.pem, two.pem],
    });
    t.after(() => client.close());
    await client.waitForMessage('hello');
    client.type('echo before-$((1+1))\r');
    await client.waitForScreen(/before-2/);

    await copyFile(two.certPath, live.cert);
    await copyFile(two.keyPath, live.key);
    gw.child.kill('SIGHUP');
    await waitFor(
      'the new certificate to be served',
      async () => (await servedFingerprint(gw.port)) === two.fingerprint,
    );
    assert.ok(gw.logs.some((line) => line.event === 'tls_reloaded'));
    client.type('echo after-$((2+2))\r');
    await client.waitForScreen(/after-4/);
    assert.equal(client.closeCode, undefined, 'the open wss survived the reload');

    // A half-written renewal: the certificate file is not PEM. The current one stays.
    await writeFile(live.cert, 'not a certificate\n');
    gw.child.kill('SIGHUP');
    const refused = await waitFor('the refusal in the log', () =>
      gw.logs.find((line) => line.event === 'tls_reload_refused'),
    );
    assert.equal(refused.level, 'error');
    assert.match(String(refused.error), /live\.crt is not a PEM certificate/);
    assert.equal(await servedFingerprint(gw.port), two.fingerprint);
    client.type('echo still-$((3+3))\r');
    await client.waitForScreen(/still-6/);
    const fresh = await testRequest(`${gw.url}/healthz`, { ca: two.pem });
    assert.equal(fresh.status, 200, 'new connections get the kept certificate');
  });
});

describe('tmuxgate serve with listen.tls', () => {
  it('prints an https URL and reloads the certificate on SIGHUP', async (t) => {
    const certs = await certificates(t);
    const cert = await certs.make('served');
    const config = join(certs.dir, 'config.yaml');
    await writeFile(
      config,
      `stateDir: ${join(certs.dir, 'state')}\n` +
        `listen: { port: 0, tls: { cert: ${cert.certPath}, key: ${cert.keyPath} } }\n` +
        `sessions: [{ name: s, socket: ${join(certs.dir, 'tmux.sock')}, target: s }]\n`,
      { mode: 0o600 },
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cliEntry, 'serve', '--config', config],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TMUXGATE_LOG_LEVEL: 'info' },
      },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    t.after(async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    });
    const url = await waitFor(
      'the listening line',
      () => /^tmuxgate listening on (https:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1],
    );
    assert.equal((await testRequest(`${url}/healthz`, { ca: cert.pem })).status, 200);
    child.kill('SIGHUP');
    await waitFor('the reload in the log', () => stdout.includes('"event":"tls_reloaded"'));
    assert.equal(child.exitCode, null, 'SIGHUP does not stop serve');
    assert.equal((await testRequest(`${url}/healthz`, { ca: cert.pem })).status, 200);
  });
});

describe('TLS ended by a reverse proxy', () => {
  const PROXIED = {
    'X-Forwarded-Proto': 'https',
    'X-Forwarded-For': '203.0.113.7',
  };

  async function setup(t: TestContext, options: { trustProxy?: string[]; publicUrl?: string }) {
    const dir = await mkdtemp(join(tmpdir(), 'tg-proxy-'));
    const gw = await startGateway([sessionOn(join(dir, 'tmux.sock'))], {
      users: [{ name: 'alice', passwordHash: await hashPassword('alice-pw'), admin: true }],
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      operations: options.trustProxy ? { trustProxy: options.trustProxy } : {},
    });
    t.after(async () => {
      await gw.cleanup();
      await rm(dir, { recursive: true, force: true });
    });
    const login = (headers: Record<string, string>, username = 'alice', password = 'alice-pw') =>
      testRequest(`${gw.url}/api/login`, {
        method: 'POST',
        headers: { ...json, ...headers },
        body: JSON.stringify({ username, password }),
      });
    return { gw, login };
  }

  it('believes X-Forwarded-Proto and X-Forwarded-For from a trusted proxy', async (t) => {
    const { gw, login } = await setup(t, { trustProxy: ['127.0.0.0/8', '::1'] });
    const proxied = await login(PROXIED);
    assert.equal(proxied.status, 204);
    assert.match(setCookies(proxied)[0] ?? '', /; Secure$/);
    const direct = await login({});
    assert.doesNotMatch(setCookies(direct)[0] ?? '', /Secure/, 'plain http through no proxy');
    const logins = (await gw.audit()).filter((record) => record.event === 'login');
    assert.deepEqual(
      logins.map((record) => record.ip),
      ['203.0.113.7', '127.0.0.1'],
    );

    const cookie = (setCookies(proxied)[0] ?? '').split(';')[0]!;
    const origin = `https://127.0.0.1:${gw.port}`;
    assert.equal(
      await TestClient.upgradeStatus({ url: gw.url, cookie, origin, headers: PROXIED }),
      101,
      'the page was served over https by the proxy',
    );
    await waitFor('the join audited with the forwarded address', async () =>
      (await gw.audit()).find((record) => record.event === 'join' && record.ip === '203.0.113.7'),
    );
  });

  it('rate-limits logins per forwarded address behind a trusted proxy', async (t) => {
    const { login } = await setup(t, { trustProxy: ['127.0.0.1'] });
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    // Unknown user names: only the per-address limit (20 failures) can trip.
    for (let attempt = 0; attempt < 20; attempt++) {
      assert.equal((await login(from('198.51.100.1'), `nobody${attempt}`, 'x')).status, 401);
    }
    assert.equal((await login(from('198.51.100.1'), 'nobody-more', 'x')).status, 429);
    assert.equal((await login(from('198.51.100.2'), 'nobody-more', 'x')).status, 401);
  });

  it('ignores X-Forwarded-* from an address that is not a trusted proxy', async (t) => {
    for (const trustProxy of [undefined, ['10.0.0.0/8']]) {
      const { gw, login } = await setup(t, trustProxy ? { trustProxy } : {});
      const response = await login(PROXIED);
      assert.equal(response.status, 204);
      assert.doesNotMatch(setCookies(response)[0] ?? '', /Secure/, String(trustProxy));
      const [record] = (await gw.audit()).filter((entry) => entry.event === 'login');
      assert.equal(record?.ip, '127.0.0.1');
      const cookie = (setCookies(response)[0] ?? '').split(';')[0]!;
      assert.equal(
        await TestClient.upgradeStatus({
          url: gw.url,
          cookie,
          origin: `https://127.0.0.1:${gw.port}`,
          headers: PROXIED,
        }),
        403,
        'an untrusted claim of https does not widen the Origin check',
      );
    }
  });

  it('with an https publicUrl: Secure cookies, and only that origin may open terminals', async (t) => {
    const { gw, login } = await setup(t, { publicUrl: 'https://tmux.example.com' });
    const response = await login({});
    assert.match(setCookies(response)[0] ?? '', /; Secure$/);
    assert.equal(gw.gateway.baseUrl(), 'https://tmux.example.com');
    const cookie = (setCookies(response)[0] ?? '').split(';')[0]!;
    const status = (origin: string) => TestClient.upgradeStatus({ url: gw.url, cookie, origin });
    assert.equal(await status('https://tmux.example.com'), 101);
    assert.equal(await status('http://tmux.example.com'), 403);
    assert.equal(await status('https://tmux.example.com:8443'), 403);
    assert.equal(await status('https://evil.example.com'), 403);
  });
});
