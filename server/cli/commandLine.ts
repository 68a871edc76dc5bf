// Reads a subcommand's options: node:util's parseArgs and the --ttl value, each mistake a UsageError.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../log.js';
import { parseDuration } from './duration.js';
import { UsageError } from './usageError.js';

/** node:util's parseArgs, its complaint about the command line thrown as a UsageError. */
export function parseCommandLine<T extends ParseArgsConfig>(
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}

/** The seconds a `--ttl` value gives; a UsageError that shows the accepted forms otherwise. */
export function ttlOption(text: string): number {
  const seconds = parseDuration(text);
  if (seconds === undefined)
    throw new UsageError(`--ttl must look like 90s, 15m, 2h or 7d, not "${text}"`);
  return seconds;
}
