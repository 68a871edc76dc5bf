// The environment given to every tmux process the gateway starts. Never the gateway's own: that
// holds its secrets, and a tmux server (with every pane in it) inherits whatever starts it.

import { homedir, userInfo } from 'node:os';

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';

export function userShell(): string {
  const fromEnv = process.env.SHELL;
  if (fromEnv && fromEnv.startsWith('/')) return fromEnv;
  const fromPasswd = userInfo().shell;
  return fromPasswd && fromPasswd.startsWith('/') ? fromPasswd : '/bin/sh';
}

/** PATH, HOME, SHELL, LANG and TERM — nothing else. LANG must be UTF-8 or tmux replaces non-ASCII with '_'. */
export function minimalEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? DEFAULT_PATH,
    HOME: homedir(),
    SHELL: userShell(),
    LANG: 'C.UTF-8',
    TERM: 'xterm-256color',
  };
}
