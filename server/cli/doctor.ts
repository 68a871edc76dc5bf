// `tmuxgate doctor [--config FILE] [--json]`: checks tmux, the configuration and every socket.
// Exit code 0 when all is well, 1 with warnings, 2 with errors.

import type { GatewayConfig } from '../config/gatewayConfig.js';
import { ConfigError, parseEmbeddedDefault } from '../config/parse.js';
import { loadConfigFile } from './configFile.js';
import {
  checkConfig,
  checkConfigFile,
  checkTmux,
  exitCodeFor,
  type Finding,
} from '../doctor/doctor.js';
import { defaultStateDir } from '../state/stateDir.js';
import { parseCommandLine } from './commandLine.js';
import { errorMessage } from '../log.js';

const MARKS: Record<Finding['level'], string> = {
  ok: 'ok     ',
  warning: 'WARNING',
  error: 'ERROR  ',
};

export async function runDoctor(
  argv: string[],
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const { values } = parseCommandLine({
    args: argv,
    options: { config: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: false,
  });
  const findings = await checkTmux();
  let config: GatewayConfig | undefined;
  if (values.config === undefined) {
    findings.push({
      level: 'ok',
      subject: 'config',
      message: 'none given: checking the embedded default',
    });
  }
  try {
    if (values.config === undefined) config = parseEmbeddedDefault(defaultStateDir());
    else {
      config = await loadConfigFile(values.config);
      findings.push({ level: 'ok', subject: 'config', message: `${values.config} is valid` });
      findings.push(...(await checkConfigFile(values.config)));
    }
  } catch (error) {
    const problems = error instanceof ConfigError ? error.problems : [errorMessage(error)];
    for (const problem of problems)
      findings.push({ level: 'error', subject: 'config', message: problem });
  }
  if (config) findings.push(...(await checkConfig(config)));
  const code = exitCodeFor(findings);
  if (values.json) {
    output.write(`${JSON.stringify({ findings, exitCode: code }, null, 2)}\n`);
  } else {
    for (const finding of findings)
      output.write(`${MARKS[finding.level]}  ${finding.subject}: ${finding.message}\n`);
    const summary = code === 0 ? 'all good' : code === 1 ? 'warnings found' : 'errors found';
    output.write(`\n${summary}\n`);
  }
  return code;
}
