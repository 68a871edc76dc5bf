// Runs the gateway in its own process for tests that measure it (RSS, children) or restart it.
// argv[2] is a JSON GatewayConfig; prints one JSON line {url, loginUrl} once listening.

import { createServer } from '../app.js';
import type { GatewayConfig } from '../config.js';
import { createLogger } from '../log.js';

const config = JSON.parse(process.argv[2] ?? '{}') as GatewayConfig;
const gateway = await createServer(config, { log: createLogger('debug') });
const { url } = await gateway.listen();
const loginUrl = gateway.issueLoginUrl({ name: 'owner', kind: 'local', admin: true });
process.stdout.write(`${JSON.stringify({ url, loginUrl })}\n`);
process.once('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
