// `tmuxgate pair [--ttl 8h] [--group G]`: asks the running gateway for a fresh pair session and
// prints the partner's URL, a viewer URL and the local attach command.

import { callGateway } from '../control/controlClient.js';
import { controlSocketPath } from '../control/controlSocket.js';
import { parseCommandLine, ttlOption } from './commandLine.js';
import { resolveStateDir } from './stateDirOption.js';

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
  const { values } = parseCommandLine({
    args: argv,
    options: {
      ttl: { type: 'string', default: '8h' },
      group: { type: 'string' },
      config: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const ttlSeconds = ttlOption(values.ttl);
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
