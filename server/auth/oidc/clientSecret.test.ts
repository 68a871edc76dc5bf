import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OidcConfig } from '../../config/gatewayConfig.js';
import { readClientSecret } from './clientSecret.js';

const OIDC: OidcConfig = {
  issuer: 'https://idp.example.com',
  clientId: 'tmuxgate',
  scopes: ['openid'],
  usernameClaim: 'preferred_username',
  groupsClaim: 'groups',
  displayName: 'IdP',
};

describe('readClientSecret', () => {
  it('takes the inline secret, or the file’s content without its newline', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-secret-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    assert.equal(await readClientSecret({ ...OIDC, clientSecret: 'inline' }), 'inline');
    const file = join(dir, 'secret');
    await writeFile(file, '  from-file\n', { mode: 0o600 });
    assert.equal(await readClientSecret({ ...OIDC, clientSecretFile: file }), 'from-file');
  });

  it('names the key and the path when the file is missing or empty', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-secret-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const missing = join(dir, 'missing');
    await assert.rejects(readClientSecret({ ...OIDC, clientSecretFile: missing }), {
      message: `auth.oidc.clientSecretFile: cannot read ${missing} (ENOENT)`,
    });
    const empty = join(dir, 'empty');
    await writeFile(empty, '\n');
    await assert.rejects(readClientSecret({ ...OIDC, clientSecretFile: empty }), {
      message: `auth.oidc.clientSecretFile: ${empty} is empty`,
    });
  });
});
