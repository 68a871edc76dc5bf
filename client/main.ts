// The page's entry point: picks the page to show from location.pathname, and keeps it until the
// browser leaves (the page's listeners, timers, sockets and terminals go with it).

import './styles.css';
import { NAME_SOURCE } from '../shared/names.js';
import { renderJoinPage } from './pages/joinPage.js';
import { renderLobby } from './pages/lobbyPage.js';
import { renderLogin } from './pages/loginPage.js';
import { renderNotFound } from './pages/notFoundPage.js';
import type { Page } from './pages/page.js';
import { renderRecordingsPage } from './pages/recordingsPage.js';
import { renderTerminalPage } from './pages/terminalPage.js';

/** Session names in URLs, exactly as the gateway accepts them. */
const SESSION_PATH = new RegExp(`^/s/(${NAME_SOURCE})/?$`);
/** A session's recordings (owners). */
const RECORDINGS_PATH = new RegExp(`^/s/(${NAME_SOURCE})/recordings/?$`);
/** Share-link tokens are base64url; the gateway only serves this page for tokens still valid. */
const JOIN_PATH = /^\/join\/([A-Za-z0-9_-]{1,256})\/?$/;

function route(root: HTMLElement, path: string): Page {
  const terminal = SESSION_PATH.exec(path);
  const join = JOIN_PATH.exec(path);
  const recordings = RECORDINGS_PATH.exec(path);
  if (terminal?.[1] !== undefined) return renderTerminalPage(root, terminal[1]);
  if (recordings?.[1] !== undefined) return renderRecordingsPage(root, recordings[1]);
  if (join?.[1] !== undefined) return renderJoinPage(root, join[1]);
  if (path === '/' || path === '/index.html') return renderLobby(root);
  if (path === '/login' || path === '/login/') return renderLogin(root);
  return renderNotFound(root);
}

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
let page = route(root, window.location.pathname);
window.addEventListener('pagehide', () => page.dispose());
// A page restored from the back/forward cache was disposed when it was hidden: show it anew.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) page = route(root, window.location.pathname);
});
