// `tmuxgate doctor`'s checks: tmux, the configuration, and every configured socket. Pure of
// output: it returns findings, which the CLI prints as text or JSON.

import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { GatewayConfig } from '../config/gatewayConfig.js';
import { sharedSocketWarnings } from '../sessions/trustDomains.js';
import { stateDirProblems } from '../state/stateDir.js';
import { localTmux } from '../tmux/localTmux.js';
import { hasSession } from '../tmux/sessionControl.js';
import { socketPermissionWarnings } from '../tmux/socketPermissions.js';
import { OLD_TMUX_WARNING, installedTmuxVersion, isRecentEnough } from './tmuxVersion.js';
import { errorMessage } from '../log.js';

const run = promisify(execFile);

export type FindingLevel = 'ok' | 'warning' | 'error';

export interface Finding {
  level: FindingLevel;
  /** What was checked: "tmux", "config", "socket /path", "session name". */
  subject: string;
  message: string;
}

/** 0 when all is well, 1 with warnings, 2 with errors. */
export function exitCodeFor(findings: readonly Finding[]): number {
  if (findings.some((finding) => finding.level === 'error')) return 2;
  if (findings.some((finding) => finding.level === 'warning')) return 1;
  return 0;
}

export async function checkTmux(): Promise<Finding[]> {
  const version = await installedTmuxVersion();
  if (!version)
    return [
      {
        level: 'error',
        subject: 'tmux',
        message: 'tmux was not found or does not run; install tmux 3.3 or newer',
      },
    ];
  if (!isRecentEnough(version))
    return [{ level: 'warning', subject: 'tmux', message: `${version.text}: ${OLD_TMUX_WARNING}` }];
  return [{ level: 'ok', subject: 'tmux', message: version.text }];
}

async function nameOf(kind: 'user' | 'group', id: number): Promise<string> {
  try {
    const { stdout } = await run('getent', [kind === 'user' ? 'passwd' : 'group', String(id)]);
    return stdout.split(':')[0] || String(id);
  } catch {
    return String(id);
  }
}

async function checkSocket(socket: string, config: GatewayConfig): Promise<Finding[]> {
  const subject = `socket ${socket}`;
  const sessions = config.sessions.filter((session) => session.socket === socket);
  let info;
  try {
    info = await stat(socket);
  } catch {
    const creatable = sessions.every((session) => session.create);
    return [
      {
        level: creatable ? 'ok' : 'error',
        subject,
        message: creatable
          ? 'does not exist yet; the gateway creates it (create: true)'
          : 'does not exist: no tmux server runs there (start it, or set create: true)',
      },
    ];
  }
  const findings: Finding[] = [];
  if (!info.isSocket()) {
    return [{ level: 'error', subject, message: 'exists but is not a socket' }];
  }
  const directory = await stat(dirname(socket));
  findings.push({
    level: 'ok',
    subject,
    message: `owner ${await nameOf('user', info.uid)}, group ${await nameOf('group', info.gid)}, mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}; directory mode ${(directory.mode & 0o7777).toString(8).padStart(4, '0')}`,
  });
  for (const warning of await socketPermissionWarnings(socket))
    findings.push({ level: 'warning', subject, message: warning });
  if (info.uid !== userInfo().uid && userInfo().uid !== 0) {
    findings.push({
      level: 'warning',
      subject,
      message: 'owned by another user: tmux 3.3 refuses clients not on its server-access list',
    });
  }
  const tmux = localTmux(socket);
  try {
    await tmux.run(['list-sessions', '-F', '#{session_name}']);
  } catch (error) {
    findings.push({
      level: 'error',
      subject,
      message: `tmux does not answer: ${errorMessage(error)}`,
    });
    return findings;
  }
  for (const session of sessions) {
    const alive = await hasSession(tmux, session.target);
    findings.push({
      level: alive || session.create ? 'ok' : 'error',
      subject: `session ${session.name}`,
      message: alive
        ? `tmux session "${session.target}" is running`
        : session.create
          ? `tmux session "${session.target}" is not running; the gateway creates it`
          : `tmux session "${session.target}" does not exist on ${socket}`,
    });
  }
  return findings;
}

/** Whoever can write the configuration file can make themselves an admin. */
export async function checkConfigFile(path: string): Promise<Finding[]> {
  try {
    const info = await stat(path);
    if ((info.mode & 0o022) !== 0) {
      const who = (info.mode & 0o002) !== 0 ? 'any local user' : 'its group';
      return [
        {
          level: 'warning',
          subject: `config ${path}`,
          message: `mode ${(info.mode & 0o777).toString(8)}: ${who} can change it, and so add an admin or a session; make it writable by its owner only (chmod go-w)`,
        },
      ];
    }
  } catch {
    // Unreadable files are reported when the configuration is loaded.
  }
  return [];
}

export async function checkConfig(config: GatewayConfig): Promise<Finding[]> {
  const findings: Finding[] = [];
  try {
    // What `serve` refuses to start with (links, foreign owners, writable by others).
    for (const problem of await stateDirProblems(config.stateDir)) {
      findings.push({ level: 'error', subject: `state ${config.stateDir}`, message: problem });
    }
  } catch {
    findings.push({
      level: 'ok',
      subject: `state ${config.stateDir}`,
      message: 'does not exist yet; created 0700 at start',
    });
  }
  for (const socket of new Set(config.sessions.map((session) => session.socket))) {
    findings.push(...(await checkSocket(socket, config)));
  }
  for (const warning of sharedSocketWarnings(config.sessions)) {
    findings.push({ level: 'warning', subject: 'sessions', message: warning });
  }
  return findings;
}
