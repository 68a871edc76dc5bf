// The share-link landing at `/join/TOKEN`: asks the guest's display name, joins, opens the terminal.

import { MAX_DISPLAY_NAME_CODE_UNITS } from '../../shared/displayName.js';
import { fetchMe } from '../api/http.js';
import { el } from '../ui/dom.js';
import { failureText, TOO_MANY_ATTEMPTS_TEXT } from '../ui/failureText.js';
import { submitWith } from '../ui/formSubmit.js';
import { elementsOnly, type Page } from './page.js';
import { joinLink } from '../api/links.js';

/** What the page says when joining is refused (the rest in the gateway's words). */
const JOIN_FAILURES = {
  404: 'This share link has expired, been used up or been revoked.',
  429: TOO_MANY_ATTEMPTS_TEXT,
};

export function renderJoinPage(root: HTMLElement, token: string): Page {
  document.title = 'Join · tmuxgate';
  const name = el('input', {
    attrs: {
      name: 'name',
      autocomplete: 'nickname',
      // The gateway checks the rest (shared/displayName.ts) and says which rule a name breaks.
      maxlength: String(MAX_DISPLAY_NAME_CODE_UNITS),
      required: '',
      autofocus: '',
      'data-testid': 'join-name',
    },
  });
  const submit = el('button', {
    text: 'Join',
    attrs: { type: 'submit', 'data-testid': 'join-submit' },
  });
  const message = el('p', {
    className: 'error',
    attrs: { role: 'alert', 'data-testid': 'join-error' },
  });
  const notice = el('p', { className: 'hint' });
  notice.hidden = true;
  const form = el('form', { className: 'login-form' }, [
    el('label', {}, ['Your name', name]),
    submit,
    message,
  ]);
  submitWith(
    form,
    { button: submit, message },
    () =>
      joinLink(token, name.value)
        // replace(): going back must not land on the link again (each visit there is one use).
        .then((joined) => window.location.replace(`/s/${encodeURIComponent(joined.session)}`)),
    (error) => failureText(error, JOIN_FAILURES),
  );
  root.replaceChildren(
    el('main', { className: 'page join' }, [
      el('h1', { text: 'Join tmuxgate' }),
      el('p', {
        className: 'hint',
        text: 'Someone shared a terminal with you. Others in the session will see your name.',
      }),
      notice,
      form,
    ]),
  );
  name.focus();
  void warnIfSignedIn(notice);
  return elementsOnly();
}

/** Joining replaces the browser's login with a guest one; say so to someone already signed in. */
async function warnIfSignedIn(notice: HTMLElement): Promise<void> {
  try {
    const me = await fetchMe();
    if (me.kind === 'guest') return;
    notice.textContent = `You are signed in as ${me.name}. Joining signs this browser in as a guest instead.`;
    notice.hidden = false;
  } catch {
    // Not signed in (the usual case for a guest), or the gateway is away: nothing to say.
  }
}
