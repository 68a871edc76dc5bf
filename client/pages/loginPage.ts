// The login page at `/login`: the ways in the gateway offers (client/ui/signInMethods.ts).

import { fetchAuthMethods } from '../api/authMethods.js';
import { el } from '../ui/dom.js';
import { appendSignIn } from '../ui/signInMethods.js';
import { elementsOnly, type Page } from './page.js';

export function renderLogin(root: HTMLElement): Page {
  document.title = 'Sign in · tmuxgate';
  const page = el('main', { className: 'page login' }, [el('h1', { text: 'Sign in to tmuxgate' })]);
  root.replaceChildren(page);
  void fetchAuthMethods().then((methods) => appendSignIn(page, methods));
  return elementsOnly();
}
