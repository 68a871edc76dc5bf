// `tmuxgate share SESSION [--role viewer|writer] [--ttl 2h] [--max-uses N] [--no-history]` prints a
// share URL (--no-history: its guests get no history view);
// `tmuxgate share --revoke ID` revokes one. Both act on the running gateway via its control socket.

import { callGateway } from '../control/controlClient.js';
import { controlSocketPath } from '../control/controlSocket.js';
import { parseCommandLine, ttlOption } from './commandLine.js';
import { resolveStateDir } from './stateDirOption.js';
import { UsageError } from './usageError.js';

/** A presenter's talk or an incident call: long enough, and it still ends by itself. */
const DEFAULT_TTL = '2h';

export async function runShare(
  argv: string[],
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    options: {
      role: { type: 'string', default: 'viewer' },
      ttl: { type: 'string', default: DEFAULT_TTL },
      'max-uses': { type: 'string' },
      'no-history': { type: 'boolean', default: false },
      revoke: { type: 'string' },
      config: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const socket = controlSocketPath(await resolveStateDir(values.config));

  if (values.revoke !== undefined) {
    if (positionals.length > 0) throw new UsageError('share --revoke ID takes no session name');
    await callGateway(socket, 'DELETE', `/links/${encodeURIComponent(values.revoke)}`);
    output.write(`revoked ${values.revoke}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('share needs exactly one SESSION');
  if (values.role !== 'viewer' && values.role !== 'writer') {
    throw new UsageError(`--role must be viewer or writer, not "${values.role}"`);
  }
  const ttlSeconds = ttlOption(values.ttl);
  let maxUses: number | null = null;
  if (values['max-uses'] !== undefined) {
    if (!/^\d{1,6}$/.test(values['max-uses']) || Number(values['max-uses']) < 1) {
      throw new UsageError(
        `--max-uses must be a whole number of at least 1, not "${values['max-uses']}"`,
      );
    }
    maxUses = Number(values['max-uses']);
  }
  const link = await callGateway<{ id: string; url: string; expiresAt: string }>(
    socket,
    'POST',
    '/links',
    {
      session: positionals[0],
      role: values.role,
      ttlSeconds,
      maxUses,
      history: !values['no-history'],
    },
  );
  output.write(`${link.url}\n`);
  process.stderr.write(
    `link ${link.id}: ${values.role}, expires ${link.expiresAt}${maxUses ? `, ${maxUses} uses` : ''}${values['no-history'] ? ', no history' : ''}\n`,
  );
  return 0;
}
