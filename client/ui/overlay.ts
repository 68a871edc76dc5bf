// Full-window notices over the terminal: "Reconnecting…" while the link is down, and the ended screen.

import type { EndReason } from '../logic/closePolicy.js';
import { el } from './dom.js';

const ENDED_TEXT: Record<EndReason, string> = {
  'session-ended': 'The session ended.',
  kicked: 'You were removed from this session.',
  revoked: 'Access revoked.',
  unauthorized: 'You are signed out.',
  forbidden: 'This session does not exist, or you have no access to it.',
  error: 'The connection was closed because of an error.',
  limit: 'This page sent more than the gateway allows; reload it to reconnect.',
};

export interface Overlay {
  readonly element: HTMLElement;
  /** Shows the reconnect notice (`first`: still making the first connection). */
  showConnecting(first: boolean): void;
  hide(): void;
  /** Replaces everything with the ended screen, saying why, with a way back to the lobby. */
  showEnded(reason: EndReason, detail: string): void;
}

export function createOverlay(): Overlay {
  const element = el('div', {
    className: 'overlay',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  element.hidden = true;
  return {
    element,
    showConnecting(first) {
      element.className = 'overlay overlay-connecting';
      element.replaceChildren(
        el('div', { className: 'overlay-box' }, [
          el('div', { className: 'spinner', attrs: { 'aria-hidden': 'true' } }),
          el('p', { text: first ? 'Connecting…' : 'Reconnecting…' }),
        ]),
      );
      element.hidden = false;
    },
    hide() {
      element.hidden = true;
    },
    showEnded(reason, detail) {
      const box = el('div', { className: 'overlay-box' }, [el('h1', { text: ENDED_TEXT[reason] })]);
      if (detail !== '') box.append(el('p', { className: 'overlay-detail', text: detail }));
      const back =
        reason === 'unauthorized'
          ? el('a', { text: 'Sign in', attrs: { href: '/login' } })
          : el('a', { text: 'Back to the sessions', attrs: { href: '/' } });
      box.append(el('p', {}, [back]));
      element.className = 'overlay overlay-ended';
      element.replaceChildren(box);
      element.hidden = false;
    },
  };
}
