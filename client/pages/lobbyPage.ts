// The lobby at `/`: who is signed in and the sessions they may open, each linking to `/s/NAME`;
// signed out, the ways in (the same as the login page's).

import {
  ApiError,
  fetchMe,
  fetchSessions,
  sendJson,
  type Me,
  type SessionSummary,
} from '../api/http.js';
import type { AuthMethods } from '../../shared/authMethods.js';
import { api } from '../../shared/httpApi.js';
import { fetchAuthMethods } from '../api/authMethods.js';
import { el } from '../ui/dom.js';
import { appendSignIn } from '../ui/signInMethods.js';
import { elementsOnly, type Page } from './page.js';

export function renderLobby(root: HTMLElement): Page {
  document.title = 'tmuxgate';
  const page = el('main', { className: 'page lobby' }, [el('h1', { text: 'tmuxgate' })]);
  root.replaceChildren(page);
  void fill(page);
  return elementsOnly();
}

async function fill(page: HTMLElement): Promise<void> {
  try {
    const me = await fetchMe();
    const sessions = await fetchSessions();
    page.append(signedInAs(me), sessionList(sessions));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      notSignedIn(page, await fetchAuthMethods());
    } else {
      page.append(failure(error));
    }
  }
}

/** Guests came through a share link: the lobby lists just their session, and they "leave". */
function signedInAs(me: Me): HTMLElement {
  const guest = me.kind === 'guest';
  const logout = el('button', {
    text: guest ? 'Leave' : 'Sign out',
    attrs: guest
      ? { type: 'button', title: 'Coming back takes the share link again.' }
      : { type: 'button' },
  });
  logout.addEventListener('click', () => {
    void sendJson('POST', api.logout.path).finally(() => window.location.reload());
  });
  return el('p', { className: 'lobby-user' }, [
    guest ? 'Joined as guest ' : 'Signed in as ',
    el('strong', { text: me.name }),
    ' ',
    logout,
  ]);
}

function sessionList(sessions: readonly SessionSummary[]): HTMLElement {
  if (sessions.length === 0) {
    return el('p', { text: 'There are no sessions you may open.' });
  }
  const items = sessions.map((s) =>
    el('li', { className: 'session' }, [
      el('a', {
        className: 'session-name',
        text: s.name,
        attrs: { href: `/s/${encodeURIComponent(s.name)}` },
      }),
      el('span', { className: 'role-badge', text: s.role, attrs: { 'data-role': s.role } }),
      el('span', {
        className: 'session-state',
        text: s.alive ? `running · ${String(s.clients)} connected` : 'not running',
      }),
    ]),
  );
  return el('ul', { className: 'session-list' }, items);
}

/** The embedded default says how its owner gets in; elsewhere the sign-in itself. */
function notSignedIn(page: HTMLElement, methods: AuthMethods): void {
  const section = el('section', { className: 'not-signed-in' }, [
    el('h2', { text: methods.oneTimeLink ? 'Not signed in' : 'Sign in' }),
  ]);
  page.append(section);
  appendSignIn(section, methods);
}

function failure(error: unknown): HTMLElement {
  const message = error instanceof Error ? error.message : String(error);
  return el('p', { className: 'error', text: `Could not load the sessions: ${message}` });
}
