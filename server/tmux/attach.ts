// Spawns `tmux attach-session` for one browser inside a pty (node-pty), producing raw bytes.

import { spawn, type IPty } from 'node-pty';
import { minimalEnvironment } from './environment.js';
import { tmuxBinary } from './tmuxCommand.js';
import { exactTarget } from './sessionControl.js';

export interface AttachOptions {
  socket: string;
  target: string;
  /** Viewers attach with -r: read-only and, in tmux 3.3, ignore-size (they never resize the window). */
  readOnly: boolean;
  cols: number;
  rows: number;
}

export function attachArguments(options: AttachOptions): string[] {
  return [
    '-u',
    '-S',
    options.socket,
    'attach-session',
    ...(options.readOnly ? ['-r'] : []),
    '-t',
    exactTarget(options.target),
  ];
}

export function spawnAttach(options: AttachOptions): IPty {
  return spawn(tmuxBinary(), attachArguments(options), {
    name: 'xterm-256color',
    cols: options.cols,
    rows: options.rows,
    env: minimalEnvironment(),
    // Raw bytes in and out: the browser decodes UTF-8 itself, split sequences included.
    encoding: null,
  });
}
