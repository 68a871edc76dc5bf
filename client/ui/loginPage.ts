// The login page at `/login`: username and password, posted to `/api/login`.

import { ApiError, sendJson } from '../api.js';
import { el } from '../dom.js';

export function renderLogin(root: HTMLElement): void {
  document.title = 'Sign in · tmuxgate';
  const username = el('input', {
    attrs: { name: 'username', autocomplete: 'username', required: '', autofocus: '' },
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
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    sendJson('POST', '/api/login', { username: username.value, password: password.value })
      .then(() => window.location.assign('/'))
      .catch((error: unknown) => {
        message.textContent = loginError(error);
        submit.disabled = false;
      });
  });
  root.replaceChildren(
    el('main', { className: 'page login' }, [
      el('h1', { text: 'Sign in to tmuxgate' }),
      form,
      el('p', {
        className: 'hint',
        text: 'Started the gateway yourself? Use the one-time login link `tmuxgate serve` printed.',
      }),
    ]),
  );
}

function loginError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Wrong username or password.';
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
    return error.message;
  }
  return 'The gateway could not be reached.';
}
