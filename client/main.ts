// The page's entry point: picks the page to show from location.pathname.

import './styles.css';
import { el } from './dom.js';
import { renderTerminalPage } from './terminalPage.js';
import { renderLobby } from './ui/lobby.js';
import { renderLogin } from './ui/loginPage.js';

/** Session names in URLs, exactly as the gateway accepts them. */
const SESSION_PATH = /^\/s\/([A-Za-z0-9_-]{1,64})\/?$/;

function route(root: HTMLElement, path: string): void {
  const terminal = SESSION_PATH.exec(path);
  if (terminal?.[1] !== undefined) {
    renderTerminalPage(root, terminal[1]);
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
