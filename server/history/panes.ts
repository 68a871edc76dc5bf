// A session's panes as tmux lists them (`list-panes -s`), parsed and checked: the only place a
// pane id for a history request may come from (a `%id` is server-wide in tmux).

import { PANE_ID_PATTERN, type Pane } from '../../shared/api/history.js';
import { exactTarget, type TmuxServer } from '../tmux/tmuxServer.js';

/** One field per pane, tab-separated; the title last, as it may hold anything but a newline. */
const FIELDS = [
  '#{pane_id}',
  '#{pane_index}',
  '#{pane_active}',
  '#{window_index}',
  '#{window_active}',
  '#{history_size}',
  '#{pane_width}',
  '#{pane_height}',
  '#{window_name}',
  '#{pane_title}',
] as const;
export const PANE_FORMAT = FIELDS.join('\t');

const COUNT = /^[0-9]{1,9}$/;

/** One line of `list-panes -F PANE_FORMAT`; undefined when it is not one (never guessed at). */
export function parsePaneLine(line: string): Pane | undefined {
  const [id, index, active, windowIndex, windowActive, history, cols, rows, ...rest] =
    line.split('\t');
  const counts = [index, windowIndex, history, cols, rows];
  if (id === undefined || !PANE_ID_PATTERN.test(id)) return undefined;
  if (!counts.every((value) => value !== undefined && COUNT.test(value))) return undefined;
  if (rest.length < 2 || Number(cols) < 1 || Number(rows) < 1) return undefined;
  // A window name or title containing a tab splits into more fields: the name is taken to have
  // none (tmux names windows after commands), the title gets the rest.
  const [windowName = '', ...title] = rest;
  return {
    id,
    index: Number(index),
    title: title.join('\t'),
    active: active === '1',
    window: { index: Number(windowIndex), name: windowName, active: windowActive === '1' },
    historyLines: Number(history),
    cols: Number(cols),
    rows: Number(rows),
  };
}

/** Every pane of every window of the session `target`, in tmux's order. */
export async function listPanes(tmux: TmuxServer, target: string): Promise<Pane[]> {
  const output = await tmux.run(['list-panes', '-s', '-t', exactTarget(target), '-F', PANE_FORMAT]);
  return output.split('\n').flatMap((line) => {
    const pane = line === '' ? undefined : parsePaneLine(line);
    return pane ? [pane] : [];
  });
}
