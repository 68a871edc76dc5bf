// Unit tests for the Authenticator: a login's authority comes from the current users, not its cookie.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserConfig } from '../config/gatewayConfig.js';
import { Authenticator } from './authenticator.js';
import { LocalUsers } from './localUsers.js';
import { LoginCookieSigner } from './loginCookie.js';
import { RevokedLogins } from './revokedLogins.js';

const SECRET = Buffer.alloc(32, 7);
/** Generous: the check runs every OPEN_LOGIN_CHECK_MS (5 s). */
const WAIT_MS = 20_000;
const POLL_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ERIN: UserConfig = { name: 'erin', passwordHash: 'scrypt$erin-1', admin: true };
const BOB: UserConfig = { name: 'bob', passwordHash: 'scrypt$bob-1', admin: false };

/** A request carrying `setCookie`'s cookie (or none). */
function request(setCookie?: string): IncomingMessage {
  const cookie = setCookie?.split(';')[0];
  return { headers: cookie ? { cookie } : {}, socket: {} } as unknown as IncomingMessage;
}

async function authenticators(t: TestContext) {
  const stateDir = await mkdtemp(join(tmpdir(), 'tg-auth-'));
  t.after(() => rm(stateDir, { recursive: true, force: true }));
  const revoked = await RevokedLogins.load(stateDir);
  const clock = { now: Date.now() };
  /** An Authenticator as a gateway started with `users` would build it (same secret and state). */
  const withUsers = (users: UserConfig[]) =>
    new Authenticator({
      signer: new LoginCookieSigner(SECRET, () => clock.now),
      revoked,
      users: new LocalUsers(users),
      cookieOptions: () => ({ secure: false }),
      guestLinkUsable: (linkId) => linkId === 'open',
      now: () => clock.now,
    });
  return { withUsers, clock };
}

describe('Authenticator', () => {
  it('takes admin from the current users, never from the cookie', async (t) => {
    const { withUsers } = await authenticators(t);
    const cookie = withUsers([ERIN]).signInUser(request(), ERIN);
    assert.equal(withUsers([ERIN]).identity(request(cookie))?.admin, true);
    const demoted = withUsers([{ ...ERIN, admin: false }]).identity(request(cookie));
    assert.deepEqual(demoted, { name: 'erin', kind: 'local', admin: false });
  });

  it('signs out a user who was removed or whose password changed', async (t) => {
    const { withUsers } = await authenticators(t);
    const cookie = withUsers([BOB]).signInUser(request(), BOB);
    assert.equal(withUsers([BOB]).identity(request(cookie))?.name, 'bob');
    assert.equal(withUsers([]).identity(request(cookie)), null, 'removed');
    const changed = { ...BOB, passwordHash: 'scrypt$bob-2' };
    assert.equal(withUsers([changed]).identity(request(cookie)), null, 'new password');
    assert.equal(withUsers([BOB]).identity(request(cookie))?.name, 'bob', 'the same hash again');
  });

  it('never makes an OIDC user or a guest an admin, and ends a guest with its link', async (t) => {
    const { withUsers } = await authenticators(t);
    const auth = withUsers([]);
    const oidc = auth.signIn(request(), { name: 'erin', kind: 'oidc', admin: true });
    assert.deepEqual(auth.identity(request(oidc)), { name: 'erin', kind: 'oidc', admin: false });
    const grant = { session: 'main', role: 'viewer' } as const;
    const guest = (linkId: string) =>
      auth.signIn(request(), {
        name: 'G',
        kind: 'guest',
        admin: true,
        guest: { linkId, ...grant },
      });
    assert.equal(auth.identity(request(guest('open')))?.admin, false);
    assert.equal(auth.identity(request(guest('revoked'))), null);
    assert.throws(() => auth.signIn(request(), { name: 'erin', kind: 'local', admin: true }));
  });

  it("keeps a one-time link's identity as the operator issued it", async (t) => {
    const { withUsers } = await authenticators(t);
    const owner = { name: 'owner', kind: 'local', admin: true } as const;
    const cookie = withUsers([]).signInByLink(request(), owner);
    assert.deepEqual(withUsers([BOB]).identity(request(cookie)), owner);
  });

  it('ends a watched socket at once on logout, and at the next check after expiry', async (t) => {
    const { withUsers, clock } = await authenticators(t);
    const auth = withUsers([BOB]);
    const logins = [auth.signInUser(request(), BOB), auth.signInUser(request(), BOB)];
    const ended: string[] = [];
    logins.forEach((cookie, index) => {
      const login = auth.authenticate(request(cookie))?.login;
      assert.ok(login);
      auth.watch(login, () => ended.push(`socket ${index}`));
    });
    await auth.signOut(request(logins[0]));
    assert.deepEqual(ended, ['socket 0']);
    clock.now += 25 * 60 * 60 * 1000;
    const deadline = Date.now() + WAIT_MS;
    while (ended.length < 2 && Date.now() < deadline) await sleep(POLL_MS);
    assert.deepEqual(ended, ['socket 0', 'socket 1']);
  });
});
