// "Who typed when": the writers' input of a recording, grouped per "m" marker (the typist), with
// keys made readable (Enter as ⏎, Ctrl-C as ^C, arrows). Pure, so it has unit tests.

import type { CastEvent } from './castParser.js';

/** One burst of typing by one person. */
export interface TypingEntry {
  time: number;
  user: string;
  text: string;
}

/** Input before any marker (a file not written by tmuxgate) is attributed to nobody in particular. */
export const UNKNOWN_TYPIST = 'someone';

/** Longest text shown per entry; the rest is elided (a big paste). */
const MAX_ENTRY_CHARS = 300;

const CSI_NAMES: Record<string, string> = {
  A: '↑',
  B: '↓',
  C: '→',
  D: '←',
  H: '⇱',
  F: '⇲',
};

/**
 * One escape sequence (ESC and what follows it) as shown: arrows by name, paste brackets and
 * mouse reports as nothing.
 */
function describeEscape(sequence: string): string {
  const csi = /^[[O]([0-9;<?]*)([@-~])$/.exec(sequence.slice(1));
  if (csi) {
    const [, params = '', final = ''] = csi;
    if (params.startsWith('<') || final === 'M') return ''; // mouse
    if (params === '200' || params === '201') return ''; // bracketed paste start/end
    if (params === '3' && final === '~') return '⌦';
    return CSI_NAMES[final] ?? '␛';
  }
  // ESC and one more character: a key pressed with Alt.
  const key = sequence.slice(1);
  return key === '' ? '␛' : `M-${describeInput(key)}`;
}

/** Input as readable text: no control characters, nothing that could be taken for markup. */
export function describeInput(data: string): string {
  // eslint-disable-next-line no-control-regex
  return data.replace(/\u001b(?:[[O][0-9;<?]*[@-~]|.)?|[\u0000-\u001f\u007f]/gsu, (match) => {
    if (match.startsWith('\u001b')) return describeEscape(match);
    if (match === '\r' || match === '\n') return '⏎';
    if (match === '\u007f' || match === '\b') return '⌫';
    if (match === '\t') return '⇥';
    return `^${String.fromCharCode(match.charCodeAt(0) + 64)}`;
  });
}

export function typingLog(events: readonly CastEvent[]): TypingEntry[] {
  const entries: TypingEntry[] = [];
  let typist = UNKNOWN_TYPIST;
  let markerTime: number | undefined;
  let current: TypingEntry | undefined;
  for (const event of events) {
    if (event.code === 'm') {
      typist = event.data;
      markerTime = event.time;
      current = undefined;
    } else if (event.code === 'i') {
      if (!current) {
        current = { time: markerTime ?? event.time, user: typist, text: '' };
        entries.push(current);
      }
      current.text += describeInput(event.data);
    }
  }
  for (const entry of entries) {
    const chars = [...entry.text];
    if (chars.length > MAX_ENTRY_CHARS) entry.text = `${chars.slice(0, MAX_ENTRY_CHARS).join('')}…`;
  }
  return entries;
}
