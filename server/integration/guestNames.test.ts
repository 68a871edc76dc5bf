// Guests' display names over the real API (issue #14, finding 9): normalised (NFC, trimmed);
// control, format and invisible characters, and names too long to show, refused with a 400 that
// names the rule, before the link is used or anything reaches the audit log.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashPassword } from '../auth/passwords.js';
import { startGateway, sessionOn, type GatewayFixture } from './gatewayFixture.js';
import { startTmux } from './tmuxFixture.js';

let passwordHash: Promise<string> | undefined;

const ZALGO_MARKS = '\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309\u030A\u030B';

/** The names of the red-team report, and what the answer must say about each. */
const REFUSED: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['a line separator', 'alice\u2028{"event":"login","user":"admin"}', /U\+2028/],
  ['a paragraph separator', 'bob\u2029x', /U\+2029/],
  ['a bidi override', '\u202Enimda', /U\+202E/],
  ['zero-width joiner spam', `alice${'\u200D'.repeat(30)}`, /U\+200D/],
  ['an escape sequence', 'x\u001b[2Jy', /U\+001B/],
  ['40 emoji', '😀'.repeat(40), /at most 32 characters/],
  [
    'zalgo',
    `Z${ZALGO_MARKS}a${ZALGO_MARKS}l${ZALGO_MARKS}g${ZALGO_MARKS}o`,
    /marks on one character/,
  ],
  ['40 combining marks', `a${'\u0336'.repeat(39)}`, /marks on one character/],
  ['nothing but spaces', '   ', /must not be empty/],
];

async function setup(t: TestContext) {
  passwordHash ??= hashPassword('pw');
  const users = [{ name: 'olga', passwordHash: await passwordHash, admin: false }];
  const tmux = await startTmux(['main']);
  const gw = await startGateway([sessionOn(tmux.socket, 'main', { access: { olga: 'owner' } })], {
    users,
  });
  t.after(async () => {
    await gw.cleanup();
    await tmux.cleanup();
  });
  const owner = await gw.loginAs('olga', 'pw');
  const created = await fetch(`${gw.url}/api/sessions/main/links`, {
    method: 'POST',
    headers: { Cookie: owner, 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'viewer', ttlSeconds: 600, maxUses: 1 }),
  });
  assert.equal(created.status, 201);
  const token = ((await created.json()) as { url: string }).url.split('/').at(-1)!;
  return { gw, token };
}

function joinAs(gw: GatewayFixture, token: string, name: string) {
  return fetch(`${gw.url}/api/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, name }),
  });
}

describe('guest names', () => {
  it('refuses control, format and invisible characters and overlong names, naming the rule', async (t) => {
    const { gw, token } = await setup(t);
    for (const [what, name, rule] of REFUSED) {
      const response = await joinAs(gw, token, name);
      assert.equal(response.status, 400, what);
      assert.equal(response.headers.get('set-cookie'), null, `${what}: no cookie`);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'invalid_body', what);
      assert.match(error.message, /^name: /, what);
      assert.match(error.message, rule, what);
    }
    const audit = await readFile(join(gw.stateDir, 'audit.log'), 'utf8');
    for (const char of ['\u2028', '\u2029', '\u202E', '\u200D', '\u001b'])
      assert.ok(!audit.includes(char), `nothing raw in the audit (${JSON.stringify(char)})`);
    assert.ok(!audit.includes('link-used'), 'no refused name used the link (maxUses 1)');

    // The one use is still there for a proper name, kept in NFC.
    const joined = await joinAs(gw, token, '  Jose\u0301 \u{1F44D}\u{1F3FD} ');
    assert.equal(joined.status, 200);
    const cookie = joined.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`${gw.url}/api/me`, { headers: { Cookie: cookie } });
    assert.equal(((await me.json()) as { name: string }).name, 'Jos\u00e9 \u{1F44D}\u{1F3FD}');
  });
});
