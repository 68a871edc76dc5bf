// A gateway run from a YAML config that signs people in only through an OpenID provider (a real
// one, started by the test): the session "incident" grants writer to the group "sre", viewer to all.

import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from '../server/integration/oidcProvider.js';
import { Gateway, makeTempDir, removeTempDir } from './gateway.js';
import { SESSION, TARGET, startTmux } from './incident.js';

const run = promisify(execFile);

/** What the login page's button says: "Sign in with <name>". */
export const PROVIDER_NAME = 'Test IdP';

function configYaml(dir: string, socket: string, issuer: string): string {
  const q = (value: string) => JSON.stringify(value);
  return [
    'listen: { host: 127.0.0.1, port: 0 }',
    `stateDir: ${q(join(dir, 'state'))}`,
    'auth:',
    '  local: false',
    '  oidc:',
    `    issuer: ${q(issuer)}`,
    `    clientId: ${q(OIDC_CLIENT_ID)}`,
    `    clientSecretFile: ${q(join(dir, 'oidc-secret'))}`,
    `    displayName: ${q(PROVIDER_NAME)}`,
    'sessions:',
    `  - name: ${SESSION}`,
    `    socket: ${q(socket)}`,
    `    target: ${TARGET}`,
    `    access: { "group:sre": writer, "*": viewer }`,
    '',
  ].join('\n');
}

/** A gateway (not started) for the config above; its dispose() ends its tmux server and files. */
export async function createOidcGateway(issuer: string): Promise<Gateway> {
  const dir = await makeTempDir();
  const socket = join(dir, 'tmux.sock');
  try {
    await mkdir(join(dir, 'state'), { mode: 0o700 });
    await writeFile(join(dir, 'oidc-secret'), `${OIDC_CLIENT_SECRET}\n`, { mode: 0o600 });
    const configFile = join(dir, 'tmuxgate.yaml');
    await writeFile(configFile, configYaml(dir, socket, issuer), { mode: 0o600 });
    await startTmux(dir, socket);
    return await Gateway.withConfig(dir, configFile);
  } catch (error) {
    await run('tmux', ['-S', socket, 'kill-server']).catch(() => undefined);
    await removeTempDir(dir);
    throw error;
  }
}
