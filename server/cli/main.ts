// The `tmuxgate` command: picks the subcommand and reports usage errors clearly.

import { runHashPassword } from './hashPassword.js';
import { runDoctor } from './doctor.js';
import { runPair } from './pair.js';
import { runServe } from './serve.js';
import { runShare } from './share.js';
import { UsageError } from './usageError.js';
import { errorMessage } from '../log.js';

const USAGE = `Usage: tmuxgate <command> [options]

Commands:
  serve [--config FILE] [--host H] [--port P]
                                run the gateway (default 127.0.0.1:7681; --port 0 picks a free port)
  hash-password                 read a password on stdin, print its hash for the config file
  share SESSION [--role viewer|writer] [--ttl 2h] [--max-uses N] [--no-history]
        [--config FILE]         print a share link, made by the running gateway
                                (--no-history: its guests cannot read the session's history)
  share --revoke ID [--config FILE]
                                revoke a share link; its guests are disconnected at once
  pair [--ttl 8h] [--group G] [--config FILE]
                                a fresh session on its own socket, with a partner link and a viewer link
  doctor [--config FILE] [--json]
                                check tmux, the configuration and its sockets (exit 0 ok, 1 warnings, 2 errors)
  help                          show this text
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest);
    case 'doctor':
      return runDoctor(rest);
    case 'pair':
      return runPair(rest);
    case 'share':
      return runShare(rest);
    case 'hash-password':
      return runHashPassword(rest, process.stdin, process.stdout);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`tmuxgate: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`tmuxgate: ${errorMessage(error)}\n`);
    process.exitCode = 1;
  },
);
