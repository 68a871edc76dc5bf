// The ways in that /api/auth/methods offers, for the login page and the signed-out front page:
// "Sign in with <provider>", the username/password form (posted to `/api/login`), the proxy's
// message, or the hint to open the one-time login link `tmuxgate serve` printed.

import { OIDC_LOGIN_PATH, type AuthMethods } from '../../shared/authMethods.js';
import { api } from '../../shared/httpApi.js';
import { sendJson } from '../api/http.js';
import { el } from './dom.js';
import { failureText, TOO_MANY_ATTEMPTS_TEXT } from './failureText.js';
import { submitWith } from './formSubmit.js';

/** What the form says when signing in is refused (the rest in the gateway's words). */
const LOGIN_FAILURES = { 401: 'Wrong username or password.', 429: TOO_MANY_ATTEMPTS_TEXT };

/** Where a sign-in lands: the lobby. */
const AFTER_SIGN_IN = '/';

/** The elements offering `methods`, in the order a person should try them. */
export function signInMethods(methods: AuthMethods): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (methods.oidc) {
    parts.push(
      el('p', {}, [
        el('a', {
          className: 'sso-button',
          text: `Sign in with ${methods.oidc.name}`,
          attrs: { href: OIDC_LOGIN_PATH },
        }),
      ]),
    );
  }
  if (methods.local) {
    if (methods.oidc) parts.push(el('p', { className: 'hint', text: 'or with a password:' }));
    parts.push(passwordForm());
  }
  if (methods.proxyOnly) {
    parts.push(el('p', { text: 'Sign in through your organisation’s access proxy.' }));
  }
  if (methods.oneTimeLink) {
    parts.push(
      el('p', {
        text:
          'Open the one-time login link that `tmuxgate serve` printed in its terminal, ' +
          'or the share link someone sent you.',
      }),
    );
  }
  return parts;
}

/** Appends the ways in to `container` and puts the cursor in the username field, if there is one. */
export function appendSignIn(container: HTMLElement, methods: AuthMethods): void {
  container.append(...signInMethods(methods));
  // autofocus only works on elements present at load; this form arrives later.
  container.querySelector<HTMLInputElement>('input[name="username"]')?.focus();
}

function passwordForm(): HTMLFormElement {
  const username = el('input', {
    attrs: { name: 'username', autocomplete: 'username', required: '' },
  });
  const password = el('input', {
    attrs: { name: 'password', type: 'password', autocomplete: 'current-password', required: '' },
  });
  const message = el('p', { className: 'error', attrs: { role: 'alert' } });
  const submit = el('button', { text: 'Sign in', attrs: { type: 'submit' } });
  const form = el('form', { className: 'login-form' }, [
    el('label', {}, ['Username', username]),
    el('label', {}, ['Password', password]),
    submit,
    message,
  ]);
  submitWith(
    form,
    { button: submit, message },
    async () => {
      await sendJson('POST', api.login.path, {
        username: username.value,
        password: password.value,
      });
      window.location.assign(AFTER_SIGN_IN);
    },
    (error) => failureText(error, LOGIN_FAILURES),
  );
  return form;
}
