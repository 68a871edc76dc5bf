// `tmuxgate pair [--ttl 8h] [--group G]`: asks the running gateway for a fresh pair session and
// prints the partner's URL, a viewer URL and the local attach command.

import { parseArgs } from 'node:util';
import { callGateway } from '../control/controlClient.js';
import { controlSocketPath } from '../control/controlSocket.js';
import { parseDuration } from './duration.js';
import { resolveStateDir } from './stateDirOption.js';
import { UsageError } from './usageError.js';

interface PairAnswer {
  session: string;
  socket: string;
  expiresAt: string;
  writerUrl: string;
  viewerUrl: string;
}

export async function runPair(
  argv: string[],
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        ttl: { type: 'string', default: '8h' },
        group: { type: 'string' },
        config: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const ttlSeconds = parseDuration(values.ttl);
  if (ttlSeconds === undefined)
    throw new UsageError(`--ttl must look like 90s, 15m, 2h or 7d, not "${values.ttl}"`);
  const socket = controlSocketPath(await resolveStateDir(values.config));
  const pair = await callGateway<PairAnswer>(socket, 'POST', '/pair', {
    ttlSeconds,
    group: values.group ?? null,
  });
  output.write(
    [
      `Pair session ${pair.session} is ready until ${pair.expiresAt}.`,
      `Partner (read-write): ${pair.writerUrl}`,
      `Viewers (read-only):  ${pair.viewerUrl}`,
      `Join from here:       tmux -S ${pair.socket} attach -t ${pair.session}`,
      'It is cleaned up (links revoked, socket removed) when the tmux session ends or expires.',
      '',
    ].join('\n'),
  );
  return 0;
}
