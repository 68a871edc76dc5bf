// Runs the gateway in its own process for tests that measure it (RSS, children) or restart it.
// argv[2] is a JSON GatewayConfigInput; prints one JSON line {url, loginUrl} once listening. SIGHUP
// reloads the TLS certificate as `tmuxgate serve` does.

import { createServer } from '../app.js';
import { exitOnFatalError } from '../cli/fatalErrors.js';
import type { GatewayConfigInput } from '../config/gatewayConfig.js';
import { createLogger } from '../log.js';
import { reloadOnSighup } from '../tls/reloadSignal.js';

const config = JSON.parse(process.argv[2] ?? '{}') as GatewayConfigInput;
// Logs on stderr here: stdout carries the one line the fixture waits for.
const log = createLogger('debug', (line) => process.stderr.write(line));
exitOnFatalError(log);
const gateway = await createServer(config, { log });
const { url } = await gateway.listen();
reloadOnSighup(() => gateway.reloadTls(), log);
const loginUrl = gateway.issueLoginUrl({ name: 'owner', kind: 'local', admin: true });
process.stdout.write(`${JSON.stringify({ url, loginUrl })}\n`);
process.once('SIGTERM', () => {
  void gateway.close().then(() => process.exit(0));
});
// An error no code path expects, on demand: tests check what the process leaves behind.
process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('unexpected error (SIGUSR2 from a test)');
  });
});
