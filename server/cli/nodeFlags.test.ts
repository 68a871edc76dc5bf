import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { GATEWAY_NODE_FLAGS } from './nodeFlags.js';

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const flags = GATEWAY_NODE_FLAGS.join(' ');

test("bin/tmuxgate.js's shebang starts node with the gateway's options", () => {
  const [shebang] = read('bin/tmuxgate.js').split('\n');
  assert.equal(shebang, `#!/usr/bin/env -S node ${flags}`);
});

test('npm start runs the gateway with the same options', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  assert.match(scripts.start ?? '', new RegExp(`&& node ${flags} bin/tmuxgate\\.js serve$`));
});

test("the Dockerfile's ENTRYPOINT runs the gateway with the same options", () => {
  const entrypoint = read('Dockerfile')
    .split('\n')
    .find((line) => line.startsWith('ENTRYPOINT'));
  const quoted = GATEWAY_NODE_FLAGS.map((flag) => `"${flag}"`).join(', ');
  assert.equal(entrypoint, `ENTRYPOINT ["tini", "--", "node", ${quoted}, "bin/tmuxgate.js"]`);
});
