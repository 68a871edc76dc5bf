// The banner a viewer sees above the terminal: read-only, with a button to ask for write access.

import type { Disposable } from '../../shared/lifecycle.js';
import { el } from './dom.js';

/**
 * After a request the button rests this long: the gateway ignores more than one request per
 * person in 30 s (WRITE_REQUEST_INTERVAL_MS in server/sessions/writeRequests.ts).
 */
export const WRITE_REQUEST_COOLDOWN_MS = 30_000;

const REQUEST_TEXT = 'Request write access';

export interface ReadOnlyBanner extends Disposable {
  readonly element: HTMLElement;
  /** Shown for viewers, hidden for anyone who can write. */
  setVisible(visible: boolean): void;
}

/**
 * `requestWrite` sends the request; it returns false when the link is down and nothing was sent.
 * `used` runs after the button is pressed: the keyboard goes back to the terminal.
 */
export function createReadOnlyBanner(
  requestWrite: () => boolean,
  used: () => void = () => {},
): ReadOnlyBanner {
  const button = el('button', {
    text: REQUEST_TEXT,
    attrs: { type: 'button', 'data-testid': 'request-write' },
  });
  const note = el('span', {
    className: 'read-only-note',
    attrs: { role: 'status', 'data-testid': 'request-write-status' },
  });
  const element = el('div', { className: 'read-only-banner', attrs: { role: 'note' } }, [
    el('span', { className: 'read-only-label' }, [
      'Read-only',
      // Left out on a narrow screen (settingsMenu.css), where the banner folds.
      el('span', { className: 'read-only-more', text: ': you are watching' }),
    ]),
    button,
    note,
  ]);
  element.hidden = true;
  let cooldown: ReturnType<typeof setTimeout> | undefined;

  const reset = (): void => {
    clearTimeout(cooldown);
    cooldown = undefined;
    button.disabled = false;
    button.textContent = REQUEST_TEXT;
    note.textContent = '';
  };

  button.addEventListener('click', () => {
    if (!requestWrite()) {
      note.textContent = 'Not connected: try again in a moment.';
    } else {
      button.disabled = true;
      button.textContent = 'Request sent';
      note.textContent = 'The owners of this session have been asked.';
      cooldown = setTimeout(reset, WRITE_REQUEST_COOLDOWN_MS);
    }
    used();
  });

  return {
    element,
    setVisible(visible) {
      // A running cooldown goes on: the gateway would still ignore a request from a viewer who
      // asked, was promoted and was demoted again within those 30 s.
      element.hidden = !visible;
      if (!visible) note.textContent = '';
    },
    dispose: () => clearTimeout(cooldown),
  };
}
