// What every xterm.js terminal on the page shares, live or replayed: its font and its link opener.

import type { ITerminalOptions } from '@xterm/xterm';
import { openLink } from './safeLinks.js';

/** The options both the live terminal and the replay player start from. */
export const COMMON_TERMINAL_OPTIONS = {
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
  // OSC 8 hyperlinks go through the same http(s)-only opener as detected URLs.
  linkHandler: { activate: (_event, text) => openLink(text) },
} satisfies ITerminalOptions;
