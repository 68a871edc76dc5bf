// Load test of issue #14, bounded in count and time, on loopback only: one abusive viewer (many
// own sizes, resize floods, reconnect loops) and one unauthenticated flooder at once, while a
// writer's echo and an owner's presence keep working. Afterwards nothing of the abuser is left
// (groups, ptys, headless terminals, memory after a forced GC) and the audit log is within its
// bound and ends with the newest events. RSS before, during and after is `npm run bench`'s.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CloseCode } from '../../shared/protocol.js';
import { runningChildCount } from '../tmux/childProcesses.js';
import { ScreenModel } from '../viewers/screenModel.js';
import { startGateway, sessionOn } from './gatewayFixture.js';
import { TestClient } from './testClient.js';
import { startTmux, waitFor } from './tmuxFixture.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Own sizes the abuser asks for: more than one login may open (clientsPerLogin, 32). */
const ABUSIVE_SOCKETS = 40;
const RESIZES_PER_SOCKET = 300;
const RECONNECTS = 30;
const REFUSED_LOGINS = 2000;
const AUDIT_FILE_BYTES = 64 * 1024;
/** Heap the abuser may leave behind after a forced GC: far less than one headless terminal each. */
const HEAP_SLACK_BYTES = 40 * 1024 * 1024;

function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

describe('abuse', () => {
  it('one abusive viewer and an unauthenticated flooder at once leave the writer and owner working, and nothing behind', async (t) => {
    const tmux = await startTmux(['main']);
    t.after(() => tmux.cleanup());
    const gw = await startGateway([sessionOn(tmux.socket)], {
      audit: { maxFileBytes: AUDIT_FILE_BYTES, retainFiles: 1 },
    });
    t.after(() => gw.cleanup());
    const session = gw.gateway.sessions.get('main')!;
    const ownerCookie = await gw.login();
    const writerCookie = await gw.login({ name: 'wendy', kind: 'local', admin: true });
    const owner = await TestClient.connect({ url: gw.url, cookie: ownerCookie });
    t.after(() => owner.close());
    const writer = await TestClient.connect({ url: gw.url, cookie: writerCookie });
    t.after(() => writer.close());
    await writer.waitForScreen(/tg\$/);
    await owner.waitForMessage('presence');
    const baseline = { children: runningChildCount(), models: ScreenModel.live, heap: heapUsed() };

    const link = await fetch(`${gw.url}/api/sessions/main/links`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: ownerCookie },
      body: JSON.stringify({ role: 'viewer', ttlSeconds: 600 }),
    });
    const token = new URL(((await link.json()) as { url: string }).url).pathname.split('/').at(-1)!;
    const joined = await fetch(`${gw.url}/api/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token, name: 'abuser' }),
    });
    const abuser = joined.headers.get('set-cookie')!.split(';')[0]!;

    let stop = false;
    const flooder = (async () => {
      const statuses = new Map<number, number>();
      for (let sent = 0; sent < REFUSED_LOGINS && !stop; sent += 50) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            i % 10 === 0
              ? TestClient.upgradeStatus({ url: gw.url })
              : fetch(`${gw.url}/api/login`, {
                  method: 'POST',
                  headers: { 'Content-Type': 'application/json' },
                  body: JSON.stringify({ username: `x${sent + i}`.repeat(40), password: 'no' }),
                }).then((response) => response.status),
          ),
        );
        for (const status of answers) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      return statuses;
    })();
    const abusive = (async () => {
      const sockets: TestClient[] = [];
      let refused = 0;
      for (let i = 0; i < ABUSIVE_SOCKETS; i += 1) {
        const size = { cols: 100 + i * 7, rows: 30 + i * 3 };
        const client = await TestClient.connect({ url: gw.url, cookie: abuser, ...size }).catch(
          () => undefined,
        );
        if (!client) {
          refused += 1;
          continue;
        }
        sockets.push(client);
        for (let r = 0; r < RESIZES_PER_SOCKET && client.ws.readyState === client.ws.OPEN; r += 1) {
          client.send({ type: 'resize', cols: 40 + ((i * 31 + r) % 400), rows: 10 + (r % 150) });
        }
      }
      for (let i = 0; i < RECONNECTS; i += 1) {
        const again = await TestClient.connect({ url: gw.url, cookie: abuser, cols: 90 + i }).catch(
          () => undefined,
        );
        again?.close();
      }
      return { sockets, refused };
    })();

    // Meanwhile the writer types and sees its echo, and the owner is told who is there.
    for (let round = 0; round < 5; round += 1) {
      writer.type(`echo alive-${round}\r`);
      await writer.waitForScreen(new RegExp(`^alive-${round}$`, 'm'), 60_000);
      const clients = await fetch(`${gw.url}/api/sessions/main/clients`, {
        headers: { Cookie: ownerCookie },
      });
      assert.equal(clients.status, 200);
    }
    const presenceBefore = owner.messages.filter((m) => m.type === 'presence').length;
    const { sockets, refused } = await abusive;
    stop = true;
    const statuses = await flooder;
    const limited = sockets.filter((client) => client.closeCode === CloseCode.Limit).length;
    assert.ok(
      refused + limited > 0,
      'the abuser was refused past its login cap, or ended for its resize flood',
    );
    assert.ok(
      session.viewers.groupCount <= 9,
      `${session.viewers.groupCount} groups: at most the own-size cap and the window's`,
    );
    assert.equal(statuses.get(500) ?? 0, 0, JSON.stringify([...statuses]));
    writer.type('echo after-abuse\r');
    await writer.waitForScreen(/^after-abuse$/m, 60_000);

    for (const client of sockets) client.close();
    await waitFor(
      'the abuser gone from presence',
      () => owner.messages.filter((m) => m.type === 'presence').length > presenceBefore,
      60_000,
    );
    await waitFor(
      'every group, pty and headless terminal of the abuser released',
      () =>
        session.viewers.groupCount === 0 &&
        ScreenModel.live === baseline.models &&
        runningChildCount() === baseline.children,
      60_000,
    );
    const heap = heapUsed();
    assert.ok(
      heap < baseline.heap + HEAP_SLACK_BYTES,
      `heap ${(heap / 1e6).toFixed(1)} MB after, ${(baseline.heap / 1e6).toFixed(1)} MB before`,
    );

    // The audit log stayed within its bound and ends with the newest events.
    const marker = await fetch(`${gw.url}/api/sessions/main/links`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: ownerCookie },
      body: JSON.stringify({ role: 'viewer', ttlSeconds: 60 }),
    });
    const { id } = (await marker.json()) as { id: string };
    for (const file of ['audit.log', 'audit.log.1']) {
      const size = await stat(join(gw.stateDir, file)).then(
        (info) => info.size,
        () => 0,
      );
      assert.ok(size <= AUDIT_FILE_BYTES, `${file}: ${size} bytes`);
    }
    const records = await gw.audit();
    assert.deepEqual(
      [records.at(-1)?.event, records.at(-1)?.link],
      ['link-created', id],
      'the newest event is the last line',
    );
  });
});
