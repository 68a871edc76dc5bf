// The slim bar under the terminal: session name, role badge, connection state, round trip, viewers,
// and the controls; on a narrow screen the controls fold into a "More" menu (settingsMenu.css).

import { canManage, canWrite, type Role } from '../../shared/roles.js';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import type { ConnectionState } from '../terminal/connection.js';
import { createDisclosure } from './disclosure.js';
import { el } from './dom.js';

const STATE_LABELS: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  ended: 'disconnected',
};

export interface StatusBar extends Disposable {
  readonly element: HTMLElement;
  /** Adds a control after the bar's own (it folds into "More" with them on a narrow screen). */
  addControl(control: HTMLElement): void;
  /** Adds a floating panel (a menu opened from one of the controls) to the bar. */
  addPanel(panel: HTMLElement): void;
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
  /** The "More" menu closed without a control being used: the keyboard goes back. */
  focusTerminal: () => void;
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
  const store = new DisposableStore();
  const { controls, more } = foldingControls([history, fit, people, share], actions, store);
  const element = el('footer', { className: 'status-bar', attrs: { 'aria-label': 'status' } }, [
    lobby,
    name,
    role,
    title,
    viewers,
    rtt,
    state,
    more,
    controls,
  ]);
  store.add(foldWhenTooWide(element));
  return {
    element,
    addControl: (control) => controls.append(control),
    addPanel: (panel) => element.append(panel),
    dispose: () => store.dispose(),
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

/**
 * The group of controls and its "More" button, which shows them as a menu on a narrow screen
 * (settingsMenu.css hides the button, and lays the group out in the bar, on a wide one).
 */
function foldingControls(
  buttons: HTMLElement[],
  actions: StatusBarActions,
  store: DisposableStore,
) {
  const controls = el(
    'div',
    {
      className: 'status-controls',
      attrs: { id: 'status-controls', role: 'group', 'aria-label': 'Controls' },
    },
    buttons,
  );
  const more = el('button', {
    className: 'status-button status-more',
    text: 'More',
    attrs: { type: 'button', 'aria-label': 'More controls', 'data-testid': 'status-more' },
  });
  const folded = store.add(
    createDisclosure({ trigger: more, panel: controls, closed: actions.focusTerminal }),
  );
  // A control used from the folded menu closes it; the control itself decides where focus goes.
  controls.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('button, a') !== null) {
      folded.close(false);
    }
  });
  return { controls, more };
}

/**
 * Folds the controls into "More" (`data-folded`, see settingsMenu.css) exactly when the bar would
 * be wider than the window: measured again whenever the bar's size or a control's text or
 * visibility changes (roles show and hide controls, Record's label changes).
 */
function foldWhenTooWide(bar: HTMLElement): Disposable {
  const refold = (): void => {
    delete bar.dataset.folded;
    // Reading scrollWidth lays the bar out unfolded; nothing is painted in between.
    if (bar.scrollWidth > bar.clientWidth) bar.dataset.folded = '';
  };
  const resized = new ResizeObserver(refold);
  resized.observe(bar);
  // data-folded and data-open are not watched: refolding never triggers itself.
  const changed = new MutationObserver(refold);
  changed.observe(bar, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['hidden'],
  });
  return toDisposable(() => {
    resized.disconnect();
    changed.disconnect();
  });
}
