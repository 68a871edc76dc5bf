// One pane's history as lines, from `capture-pane -p -e -J` run as its own tmux command (never
// through anyone's client), bounded in bytes: over the bound, the newest lines that fit.

import { TMUX_OUTPUT_TOO_LARGE, TmuxError, type TmuxServer } from '../tmux/tmuxServer.js';

export interface Capture {
  lines: string[];
  /** Older lines were left out to stay within the bound. */
  truncated: boolean;
}

/**
 * How much more than the bound tmux may print before its output is cut: the capture is then
 * trimmed to the bound, so a capture just over it keeps the newest lines without a retry.
 */
const OUTPUT_SLACK = 2;
/** A capture that is still too big is retried with this fraction of the lines asked for. */
const RETRY_FRACTION = 0.5;

/** Lines of `capture-pane` output: trailing spaces trimmed, trailing empty lines dropped. */
export function captureLines(output: string): string[] {
  const lines = output.split('\n').map((line) => line.replace(/ +$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The newest of `lines` whose UTF-8 bytes (a newline each) fit in `maxBytes`. */
export function newestWithin(lines: readonly string[], maxBytes: number): string[] {
  let bytes = 0;
  let start = lines.length;
  while (start > 0) {
    const size = Buffer.byteLength(lines[start - 1] ?? '') + 1;
    if (bytes + size > maxBytes) break;
    bytes += size;
    start -= 1;
  }
  return lines.slice(start);
}

function captureArgs(paneId: string, historyLines: number | undefined): string[] {
  const start = historyLines === undefined ? '-' : `-${historyLines}`;
  return ['capture-pane', '-p', '-e', '-J', '-t', paneId, '-S', start, '-E', '-'];
}

/**
 * The pane's lines: all its history when `historyLines` is undefined, else at most that many
 * lines of history above its screen. `paneId` must come from the session's own pane list.
 */
export async function capturePane(
  tmux: TmuxServer,
  paneId: string,
  options: { historyLines?: number | undefined; maxBytes: number; knownHistory: number },
): Promise<Capture> {
  let asked = options.historyLines;
  for (;;) {
    try {
      const output = await tmux.run(captureArgs(paneId, asked), {
        maxBytes: options.maxBytes * OUTPUT_SLACK,
      });
      const lines = captureLines(output);
      const kept = newestWithin(lines, options.maxBytes);
      const cut = kept.length < lines.length;
      // A capture cut short by -S may begin inside a wrapped line: that line is left out (a cut
      // to the byte bound has left it out already).
      const partial = asked !== undefined && asked < options.knownHistory;
      return { lines: partial && !cut ? kept.slice(1) : kept, truncated: cut || partial };
    } catch (error) {
      if (!(error instanceof TmuxError) || error.code !== TMUX_OUTPUT_TOO_LARGE) throw error;
      const previous = asked ?? options.knownHistory;
      if (previous === 0) throw error;
      asked = Math.floor(previous * RETRY_FRACTION);
    }
  }
}
