// The share dialog's list of live links: role, uses left, expiry, creator, and a Revoke button each.

import { el } from './dom.js';
import type { LinkView } from '../api/links.js';
import { timeUntil } from '../logic/relativeTime.js';
import { usesLeftText } from '../logic/shareOptions.js';

export interface LinkList {
  readonly element: HTMLElement;
  /** Shows `links`; expiries are counted from `now` (ms since the epoch). */
  render(links: readonly LinkView[], now: number): void;
}

/** `revoke` is called with a link's id; the caller refreshes the list when it is done. */
export function createLinkList(revoke: (id: string) => Promise<void>): LinkList {
  const list = el('ul', {
    className: 'link-list',
    attrs: { 'data-testid': 'share-links', 'aria-label': 'Live share links' },
  });
  const empty = el('p', { className: 'hint', text: 'No live share links.' });
  const element = el('section', { className: 'share-links' }, [
    el('h2', { text: 'Live links' }),
    list,
    empty,
  ]);

  const row = (link: LinkView, now: number): HTMLElement => {
    const button = el('button', {
      text: 'Revoke',
      attrs: {
        type: 'button',
        'data-testid': 'share-revoke',
        'aria-label': `Revoke the ${link.role} link created by ${link.createdBy}`,
      },
    });
    button.addEventListener('click', () => {
      button.disabled = true;
      // On failure the caller reports the error; the button comes back for another try.
      void revoke(link.id).finally(() => {
        button.disabled = false;
      });
    });
    const expires = Date.parse(link.expiresAt);
    const left = timeUntil(expires, now);
    return el('li', { className: 'link', attrs: { 'data-link-id': link.id } }, [
      el('span', { className: 'role-badge', text: link.role, attrs: { 'data-role': link.role } }),
      el('span', { className: 'link-uses', text: usesLeftText(link.usesLeft) }),
      el('span', {
        className: 'link-expiry',
        text: left === 'expired' ? left : `expires ${left}`,
        attrs: { title: new Date(expires).toLocaleString() },
      }),
      el('span', { className: 'link-creator', text: `by ${link.createdBy}` }),
      button,
    ]);
  };

  return {
    element,
    render(links, now) {
      list.replaceChildren(...links.map((link) => row(link, now)));
      empty.hidden = links.length > 0;
    },
  };
}
