// `tmuxgate serve`: reads the configuration, starts the gateway, prints where it is, handles signals.

import { userInfo } from 'node:os';
import { createServer } from '../app.js';
import { listenHostProblem, loadConfigFile } from './configFile.js';
import { checkConfigFile, checkTmux } from '../doctor/doctor.js';
import { ONE_TIME_TOKEN_LIFETIME_MS } from '../auth/oneTimeTokens.js';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import {
  COMMAND_LINE,
  ConfigError,
  EMBEDDED_DEFAULT,
  parseEmbeddedDefault,
  type ConfigOverrides,
} from '../config/parse.js';
import { createLogger, resolveLogLevel } from '../log.js';
import { reloadOnSighup } from '../tls/reloadSignal.js';
import { defaultStateDir } from '../state/stateDir.js';
import { localTmux } from '../tmux/localTmux.js';
import { ensureSession } from '../tmux/sessionControl.js';
import { parseCommandLine } from './commandLine.js';
import { exitOnFatalError } from './fatalErrors.js';
import { UsageError } from './usageError.js';

/** A gateway that has not finished shutting down by then exits anyway; sessions are unaffected. */
const FORCED_EXIT_MS = 5000;

/**
 * The configuration serve runs: the file, or the embedded default, with --host and --port in
 * place of its listen address, all through the parser. A bad option is a usage error worded by
 * the rule the file's own listen settings follow.
 */
async function loadServeConfig(
  path: string | undefined,
  overrides: ConfigOverrides,
): Promise<GatewayConfig> {
  let config: GatewayConfig;
  try {
    config =
      path === undefined
        ? parseEmbeddedDefault(defaultStateDir(), overrides)
        : await loadConfigFile(path, overrides);
  } catch (error) {
    if (error instanceof ConfigError && error.source === COMMAND_LINE) {
      throw new UsageError(error.problems.join('\n'));
    }
    throw error;
  }
  const hostProblem = await listenHostProblem(config.listen.host);
  if (hostProblem === undefined) return config;
  if (overrides.host !== undefined)
    throw new UsageError(`--host ${JSON.stringify(overrides.host)}: ${hostProblem}`);
  throw new ConfigError(path ?? EMBEDDED_DEFAULT, [`listen.host: ${hostProblem}`]);
}

export async function runServe(argv: string[]): Promise<number> {
  const { values } = parseCommandLine({
    args: argv,
    options: { host: { type: 'string' }, port: { type: 'string' }, config: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const config = await loadServeConfig(values.config, { host: values.host, port: values.port });
  const log = createLogger(resolveLogLevel(process.env.TMUXGATE_LOG_LEVEL, config.log.level));

  exitOnFatalError(log);
  const gateway = await createServer(config, { log });
  for (const session of config.sessions) {
    if (
      session.create &&
      (await ensureSession(localTmux(session.socket), session.target)) === 'created'
    ) {
      log.info('tmux_session_created', { session: session.name, socket: session.socket });
    }
  }
  const configFindings = values.config === undefined ? [] : await checkConfigFile(values.config);
  for (const finding of [...(await checkTmux()), ...configFindings]) {
    if (finding.level !== 'ok')
      process.stderr.write(`tmuxgate: ${finding.level}: ${finding.message}\n`);
  }
  for (const warning of gateway.warnings) process.stderr.write(`tmuxgate: warning: ${warning}\n`);
  const stopReloading = reloadOnSighup(() => gateway.reloadTls(), log);
  let listening: Awaited<ReturnType<typeof gateway.listen>>;
  try {
    listening = await gateway.listen();
  } catch (error) {
    // A taken port: the gateway has released what it started; so does serve, to let the process exit.
    stopReloading();
    throw error;
  }
  const { url, metricsUrl } = listening;
  process.stdout.write(`tmuxgate listening on ${url}\n`);
  if (metricsUrl) process.stdout.write(`metrics on ${metricsUrl}/metrics\n`);
  if (values.config === undefined) {
    // The embedded default has no users: its owner signs in through a one-time link.
    const loginUrl = gateway.issueLoginUrl({
      name: userInfo().username,
      kind: 'local',
      admin: true,
    });
    const minutes = ONE_TIME_TOKEN_LIFETIME_MS / 60000;
    process.stdout.write(`Open this one-time login link (valid ${minutes} minutes): ${loginUrl}\n`);
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info('shutdown', { signal });
      setTimeout(() => process.exit(1), FORCED_EXIT_MS).unref();
      gateway.close().then(resolve, resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
