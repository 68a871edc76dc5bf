// The login page at `/login`: "Sign in with <provider>" when single sign-on is configured, and the
// username/password form (posted to `/api/login`) unless password users are turned off.

import { OIDC_LOGIN_PATH, type AuthMethods } from '../../shared/authMethods.js';
import { api } from '../../shared/httpApi.js';
import { getJson, sendJson } from '../api/http.js';
import { el } from '../ui/dom.js';
import { failureText, TOO_MANY_ATTEMPTS_TEXT } from '../ui/failureText.js';
import { submitWith } from '../ui/formSubmit.js';
import { elementsOnly, type Page } from './page.js';

/** If the gateway cannot say, offer the password form: it answers clearly when it is off. */
const FALLBACK_METHODS: AuthMethods = { local: true };
/** What the page says when signing in is refused (the rest in the gateway's words). */
const LOGIN_FAILURES = { 401: 'Wrong username or password.', 429: TOO_MANY_ATTEMPTS_TEXT };

export function renderLogin(root: HTMLElement): Page {
  document.title = 'Sign in · tmuxgate';
  const page = el('main', { className: 'page login' }, [el('h1', { text: 'Sign in to tmuxgate' })]);
  root.replaceChildren(page);
  void getJson(api.authMethods.path, api.authMethods.response)
    .catch(() => FALLBACK_METHODS)
    .then((methods) => {
      page.append(...loginMethods(methods));
      // autofocus only works on elements present at load; this form arrives later.
      page.querySelector<HTMLInputElement>('input[name="username"]')?.focus();
    });
  return elementsOnly();
}

function loginMethods(methods: AuthMethods): HTMLElement[] {
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
    parts.push(
      passwordForm(),
      el('p', {
        className: 'hint',
        text: 'Started the gateway yourself? Use the one-time login link `tmuxgate serve` printed.',
      }),
    );
  }
  if (parts.length === 0) {
    parts.push(el('p', { text: 'Sign in through your organisation’s access proxy.' }));
  }
  return parts;
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
      window.location.assign('/');
    },
    (error) => failureText(error, LOGIN_FAILURES),
  );
  return form;
}
