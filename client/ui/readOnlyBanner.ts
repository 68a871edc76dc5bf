// The banner a viewer sees above the terminal: read-only, with a button to ask for write access.

import { el } from '../dom.js';

export interface ReadOnlyBanner {
  readonly element: HTMLElement;
  /** Shown for viewers, hidden for anyone who can write. */
  setVisible(visible: boolean): void;
}

export function createReadOnlyBanner(requestWrite: () => void): ReadOnlyBanner {
  const button = el('button', { text: 'Request write access', attrs: { type: 'button' } });
  const element = el('div', { className: 'read-only-banner', attrs: { role: 'note' } }, [
    el('span', { text: 'Read-only: you are watching' }),
    button,
  ]);
  element.hidden = true;
  button.addEventListener('click', () => {
    requestWrite();
    button.disabled = true;
    button.textContent = 'Write access requested';
  });
  return {
    element,
    setVisible(visible) {
      element.hidden = !visible;
      if (!visible) {
        button.disabled = false;
        button.textContent = 'Request write access';
      }
    },
  };
}
