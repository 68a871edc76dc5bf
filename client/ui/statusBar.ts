// The slim bar under the terminal: session name, role badge, connection state, round trip, viewers.

import { canManage, canWrite, type Role } from '../../shared/roles.js';
import type { ConnectionState } from '../terminal/connection.js';
import { el } from './dom.js';

const STATE_LABELS: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  ended: 'disconnected',
};

export interface StatusBar {
  readonly element: HTMLElement;
  setRole(role: Role): void;
  setState(state: ConnectionState): void;
  setRoundTrip(ms: number): void;
  /** Everyone connected, and how many of them are read-only (the list may be capped). */
  setPresence(counts: { total: number; viewers: number }): void;
  /** Marks the People button as showing (or not) the presence panel. */
  setPeopleOpen(open: boolean): void;
  /** The window title a program in the terminal set (shown as text, never parsed as HTML). */
  setTitle(title: string): void;
  /** Viewers: whether the terminal follows the session's window (shown on the Fit button). */
  setFollowing(following: boolean): void;
  /** Whether this client may open the history view (the History button shows only then). */
  setHistoryAvailable(available: boolean): void;
}

export interface StatusBarActions {
  /** The owner pressed Share (the button is shown to owners only). */
  onShare: () => void;
  /** Someone pressed People: show or hide the presence panel. */
  onPeople: () => void;
  /** A viewer pressed Fit: follow the session's window, or go back to an own size. */
  onFit: () => void;
  /** Someone pressed History: open the history view. */
  onHistory: () => void;
}

export function createStatusBar(session: string, actions: StatusBarActions): StatusBar {
  const lobby = el('a', { className: 'status-lobby', text: 'tmuxgate', attrs: { href: '/' } });
  const name = el('span', { className: 'status-session', text: session });
  const role = el('span', { className: 'role-badge' });
  const title = el('span', { className: 'status-title' });
  const viewerNumber = el('span', { text: '0', attrs: { 'data-testid': 'viewer-count' } });
  const viewers = el(
    'span',
    { className: 'status-viewers', attrs: { title: 'Read-only viewers' } },
    [viewerNumber, ' watching'],
  );
  const rtt = el('span', { className: 'status-rtt' });
  const state = el('span', { className: 'status-state' });
  const { people, peopleCount, share, fit } = statusButtons(actions);
  const history = historyButton(actions.onHistory);
  const element = el('footer', { className: 'status-bar', attrs: { 'aria-label': 'status' } }, [
    lobby,
    name,
    role,
    title,
    viewers,
    rtt,
    state,
    history,
    fit,
    people,
    share,
  ]);
  return {
    element,
    setRole(value) {
      role.textContent = value;
      role.dataset.role = value;
      share.hidden = !canManage(value);
      fit.hidden = canWrite(value);
    },
    setState(value) {
      state.textContent = STATE_LABELS[value];
      state.dataset.state = value;
      if (value !== 'connected') rtt.textContent = '';
    },
    setRoundTrip(ms) {
      rtt.textContent = `${String(Math.round(ms))} ms`;
    },
    setPresence(counts) {
      const watching = counts.viewers;
      viewerNumber.textContent = String(watching);
      viewers.title =
        watching === 1 ? '1 read-only viewer' : `${String(watching)} read-only viewers`;
      peopleCount.textContent = String(counts.total);
    },
    setPeopleOpen(open) {
      people.setAttribute('aria-expanded', String(open));
    },
    setTitle(value) {
      title.textContent = value;
      title.title = value;
    },
    setFollowing(following) {
      fit.setAttribute('aria-pressed', String(following));
    },
    setHistoryAvailable(available) {
      history.hidden = !available;
    },
  };
}

/** People (with its count), Share (owners) and Fit (viewers); Share and Fit start hidden. */
function statusButtons(actions: StatusBarActions) {
  const peopleCount = el('span', { className: 'status-count' });
  const people = el(
    'button',
    {
      className: 'status-button',
      attrs: {
        type: 'button',
        'aria-expanded': 'false',
        'aria-controls': 'presence-panel',
        title: 'Who is connected',
        'data-testid': 'presence-toggle',
      },
    },
    ['People ', peopleCount],
  );
  people.addEventListener('click', actions.onPeople);
  const share = el('button', {
    className: 'status-button status-share',
    text: 'Share',
    attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'share-button' },
  });
  share.hidden = true;
  share.addEventListener('click', actions.onShare);
  const fit = el('button', {
    className: 'status-button',
    text: 'Fit',
    attrs: {
      type: 'button',
      'aria-pressed': 'true',
      title: 'Show the session at its own size, scaled to this window (Ctrl +/− to zoom)',
      'data-testid': 'fit-toggle',
    },
  });
  fit.hidden = true;
  fit.addEventListener('click', actions.onFit);
  return { people, peopleCount, share, fit };
}

/** History: opens this tab's own view of what the pane printed; hidden until hello allows it. */
function historyButton(onHistory: () => void): HTMLButtonElement {
  const history = el('button', {
    className: 'status-button',
    text: 'History',
    attrs: {
      type: 'button',
      title: 'Scroll back, search and copy what the session printed (Shift+PageUp)',
      'data-testid': 'history-button',
    },
  });
  history.hidden = true;
  history.addEventListener('click', onHistory);
  return history;
}
