// A gateway run from a YAML config that signs people in only through an OpenID provider (a real
// one, started by the test): the session "incident" grants writer to the group "sre", viewer to all.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } from '../server/integration/oidcProvider.js';
import type { Gateway } from './gateway.js';
import { SESSION, TARGET, createConfigGateway } from './incident.js';

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
export function createOidcGateway(issuer: string): Promise<Gateway> {
  return createConfigGateway(
    (dir, socket) => configYaml(dir, socket, issuer),
    (dir) => writeFile(join(dir, 'oidc-secret'), `${OIDC_CLIENT_SECRET}\n`, { mode: 0o600 }),
  );
}
