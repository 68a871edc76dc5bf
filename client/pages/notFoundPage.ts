// The page for any other path: nothing here, and the way back to the lobby.

import { el } from '../ui/dom.js';
import { elementsOnly, type Page } from './page.js';

export function renderNotFound(root: HTMLElement): Page {
  document.title = 'Not found · tmuxgate';
  root.replaceChildren(
    el('main', { className: 'page' }, [
      el('h1', { text: 'Nothing here' }),
      el('p', {}, [el('a', { text: 'Back to the sessions', attrs: { href: '/' } })]),
    ]),
  );
  return elementsOnly();
}
