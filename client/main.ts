// The page's entry point: picks the page to show from location.pathname.

import './styles.css';
import { NAME_SOURCE } from '../shared/names.js';
import { el } from './ui/dom.js';
import { renderRecordingsPage } from './pages/recordingsPage.js';
import { renderTerminalPage } from './pages/terminalPage.js';
import { renderJoinPage } from './pages/joinPage.js';
import { renderLobby } from './pages/lobbyPage.js';
import { renderLogin } from './pages/loginPage.js';

/** Session names in URLs, exactly as the gateway accepts them. */
const SESSION_PATH = new RegExp(`^/s/(${NAME_SOURCE})/?$`);
/** A session's recordings (owners). */
const RECORDINGS_PATH = new RegExp(`^/s/(${NAME_SOURCE})/recordings/?$`);
/** Share-link tokens are base64url; the gateway only serves this page for tokens still valid. */
const JOIN_PATH = /^\/join\/([A-Za-z0-9_-]{1,256})\/?$/;

function route(root: HTMLElement, path: string): void {
  const terminal = SESSION_PATH.exec(path);
  const join = JOIN_PATH.exec(path);
  const recordings = RECORDINGS_PATH.exec(path);
  if (terminal?.[1] !== undefined) {
    renderTerminalPage(root, terminal[1]);
  } else if (recordings?.[1] !== undefined) {
    renderRecordingsPage(root, recordings[1]);
  } else if (join?.[1] !== undefined) {
    renderJoinPage(root, join[1]);
  } else if (path === '/' || path === '/index.html') {
    void renderLobby(root);
  } else if (path === '/login' || path === '/login/') {
    renderLogin(root);
  } else {
    document.title = 'Not found · tmuxgate';
    root.replaceChildren(
      el('main', { className: 'page' }, [
        el('h1', { text: 'Nothing here' }),
        el('p', {}, [el('a', { text: 'Back to the sessions', attrs: { href: '/' } })]),
      ]),
    );
  }
}

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
route(root, window.location.pathname);
