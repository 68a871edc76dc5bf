// State files: each corrupt one stops the gateway at start with its path named, and is left as it was.

import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from '../app.js';
import { createLogger } from '../log.js';

async function stateDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tg-state-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function start(dir: string) {
  return createServer(
    { listen: { host: '127.0.0.1', port: 0 }, users: [], stateDir: dir, sessions: [] },
    { log: createLogger('error', () => undefined) },
  );
}

describe('state files', () => {
  for (const [file, content] of [
    ['secret.key', 'not hex at all\n'],
    ['links.json', '{"links": "?"}'],
    ['pairs.json', '[{"name": 1}]'],
    ['revoked-logins.json', '[1, 2, 3]'],
  ] as const) {
    it(`refuses to start on a corrupt ${file}, naming it, and leaves it untouched`, async (t) => {
      const dir = await stateDir(t);
      await writeFile(join(dir, file), content);
      await assert.rejects(
        start(dir),
        (error: Error) => error.message.includes(join(dir, file)) && /corrupt/.test(error.message),
      );
      assert.equal(await readFile(join(dir, file), 'utf8'), content);
    });
  }

  it('creates its files private on first start', async (t) => {
    const dir = await stateDir(t);
    const gateway = await start(dir);
    t.after(() => gateway.close());
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    for (const file of ['secret.key', 'audit.log']) {
      assert.equal((await stat(join(dir, file))).mode & 0o777, 0o600, file);
    }
  });
});
