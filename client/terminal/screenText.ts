// What a terminal shows, as text: the test hooks read it (the WebGL renderer draws to a canvas).

import type { Terminal } from '@xterm/xterm';

/** The visible lines of the active buffer, each right-trimmed, joined with '\n'. */
export function screenText(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = buffer.viewportY; y < buffer.viewportY + term.rows; y++) {
    lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  }
  return lines.join('\n').trimEnd();
}
