// The slim bar under the terminal: session name, role badge, connection state, round trip, viewers.

import type { PresenceClient } from '../../shared/protocol.js';
import { canManage, type Role } from '../../shared/roles.js';
import type { ConnectionState } from '../connection.js';
import { el } from '../dom.js';

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
  setPresence(clients: readonly PresenceClient[]): void;
  /** The window title a program in the terminal set (shown as text, never parsed as HTML). */
  setTitle(title: string): void;
}

/** `onShare`: the owner pressed Share (the button is shown to owners only). */
export function createStatusBar(session: string, onShare: () => void): StatusBar {
  const lobby = el('a', { className: 'status-lobby', text: 'tmuxgate', attrs: { href: '/' } });
  const name = el('span', { className: 'status-session', text: session });
  const role = el('span', { className: 'role-badge' });
  const title = el('span', { className: 'status-title' });
  const viewers = el('span', { className: 'status-viewers' });
  const rtt = el('span', { className: 'status-rtt' });
  const state = el('span', { className: 'status-state' });
  const share = el('button', {
    className: 'status-share',
    text: 'Share',
    attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'share-button' },
  });
  share.hidden = true;
  share.addEventListener('click', onShare);
  const element = el('footer', { className: 'status-bar', attrs: { 'aria-label': 'status' } }, [
    lobby,
    name,
    role,
    title,
    viewers,
    rtt,
    state,
    share,
  ]);
  return {
    element,
    setRole(value) {
      role.textContent = value;
      role.dataset.role = value;
      share.hidden = !canManage(value);
    },
    setState(value) {
      state.textContent = STATE_LABELS[value];
      state.dataset.state = value;
      if (value !== 'connected') rtt.textContent = '';
    },
    setRoundTrip(ms) {
      rtt.textContent = `${String(Math.round(ms))} ms`;
    },
    setPresence(clients) {
      const watching = clients.filter((c) => c.role === 'viewer').length;
      viewers.textContent = `${String(clients.length)} connected · ${String(watching)} watching`;
    },
    setTitle(value) {
      title.textContent = value;
      title.title = value;
    },
  };
}
