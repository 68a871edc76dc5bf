// The history view's controls: pane picker, search (field, previous/next, count), Copy, Back to
// live, the "N new lines" button and the notice line (with Reload when history moved on).

import type { Pane } from '../../shared/api/history.js';
import { el } from '../ui/dom.js';
import { newLinesText } from './followBottom.js';
import { paneLabel } from './historySource.js';

export interface ToolbarActions {
  pickPane: (paneId: string) => void;
  /** The search term changed (typed) or Enter / next / previous was pressed. */
  search: (term: string, direction: 'next' | 'previous', incremental: boolean) => void;
  copy: () => void;
  close: () => void;
  /** "N new lines" was pressed: go to the bottom. */
  toBottom: () => void;
  reload: () => void;
}

export interface HistoryToolbar {
  /** Goes above the terminal. */
  readonly bar: HTMLElement;
  /** Goes below it: the notice line and the "N new lines" button. */
  readonly footer: HTMLElement;
  readonly searchField: HTMLInputElement;
  setPanes(panes: readonly Pane[], selected: string): void;
  setMatches(text: string): void;
  setNewLines(count: number): void;
  /** A notice ('' hides it); `reload` adds the Reload button. */
  setNotice(text: string, reload?: boolean): void;
}

function button(text: string, testId: string, onClick: () => void, title?: string) {
  const node = el('button', {
    className: 'status-button',
    text,
    attrs: { type: 'button', 'data-testid': testId, ...(title === undefined ? {} : { title }) },
  });
  node.addEventListener('click', onClick);
  return node;
}

export function createHistoryToolbar(actions: ToolbarActions): HistoryToolbar {
  const picker = el('select', {
    className: 'history-panes',
    attrs: { 'aria-label': 'Pane', 'data-testid': 'history-pane' },
  });
  picker.addEventListener('change', () => actions.pickPane(picker.value));
  const searchField = el('input', {
    className: 'history-search',
    attrs: {
      type: 'search',
      placeholder: 'Search history',
      'aria-label': 'Search history',
      'data-testid': 'history-search',
    },
  });
  searchField.addEventListener('input', () => actions.search(searchField.value, 'next', true));
  searchField.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    actions.search(searchField.value, event.shiftKey ? 'previous' : 'next', false);
  });
  const matches = el('span', {
    className: 'history-matches',
    attrs: { 'aria-live': 'polite', 'data-testid': 'history-matches' },
  });
  const find = (direction: 'next' | 'previous') => () =>
    actions.search(searchField.value, direction, false);
  const bar = el('div', { className: 'history-bar' }, [
    el('span', { className: 'history-label', text: 'History' }),
    picker,
    searchField,
    button('↑', 'history-previous', find('previous'), 'Previous match (Shift+Enter)'),
    button('↓', 'history-next', find('next'), 'Next match (Enter)'),
    matches,
    button('Copy', 'history-copy', actions.copy, 'Copy the selection'),
    button('Back to live', 'history-close', actions.close, 'Back to the live terminal (Esc)'),
  ]);
  const notice = el('span', { attrs: { role: 'status', 'data-testid': 'history-notice' } });
  const reload = button('Reload', 'history-reload', actions.reload);
  const newLines = button('', 'history-new-lines', actions.toBottom);
  const footer = el('div', { className: 'history-footer' }, [notice, reload, newLines]);
  const showFooter = () => {
    footer.hidden = notice.textContent === '' && newLines.hidden;
  };
  return {
    bar,
    footer,
    searchField,
    setPanes(panes, selected) {
      picker.replaceChildren(
        ...panes.map((pane) => el('option', { text: paneLabel(pane), attrs: { value: pane.id } })),
      );
      picker.value = selected;
      picker.hidden = panes.length < 2;
    },
    setMatches(text) {
      matches.textContent = text;
    },
    setNewLines(count) {
      newLines.textContent = newLinesText(count);
      newLines.hidden = count === 0;
      showFooter();
    },
    setNotice(text, withReload = false) {
      notice.textContent = text;
      reload.hidden = !withReload;
      showFooter();
    },
  };
}
