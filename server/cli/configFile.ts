// Reading the configuration file: its text through the pure parser, then the files it names
// (the TLS certificate and key), which must be usable too or start is refused; and whether the
// listen host names an address at all.

import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { ConfigError, parseConfig, type ConfigOverrides } from '../config/parse.js';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import { describeReadError } from '../fileErrors.js';
import { TlsCredentialsError, readTlsCredentials } from '../tls/tlsCredentials.js';

/** Reads and validates the configuration file at `path`. Throws ConfigError when it is invalid. */
export async function loadConfigFile(
  path: string,
  overrides: ConfigOverrides = {},
): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read configuration file ${path}: ${describeReadError(error)}`, {
      cause: error,
    });
  }
  const config = parseConfig(text, path, overrides);
  const fileProblems = await operationsFileProblems(config);
  if (fileProblems.length > 0) throw new ConfigError(path, fileProblems);
  return config;
}

/** Problems with the files the operations settings name (TLS certificate and key), as lines. */
export async function operationsFileProblems(config: {
  listen: { tls?: { cert: string; key: string } | undefined };
}): Promise<string[]> {
  if (!config.listen.tls) return [];
  try {
    await readTlsCredentials(config.listen.tls);
    return [];
  } catch (error) {
    if (error instanceof TlsCredentialsError) return [...error.problems];
    throw error;
  }
}

/**
 * Why the gateway could not bind `host`, or undefined when it can try: a name must resolve (as
 * listen would resolve it), or binding fails later with a getaddrinfo error. An address is left
 * to listen itself.
 */
export async function listenHostProblem(host: string): Promise<string | undefined> {
  if (isIP(host) !== 0) return undefined;
  try {
    await lookup(host);
    return undefined;
  } catch {
    return `must be a host name or an IP address of this machine ("${host}" does not resolve)`;
  }
}
