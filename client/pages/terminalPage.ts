// The terminal page at `/s/NAME`: wires the terminal, the connection and the status UI together.

import type { PresenceClient } from '../../shared/protocol.js';
import { canManage, canWrite, type Role } from '../../shared/roles.js';
import { Connection } from '../terminal/connection.js';
import { el } from '../ui/dom.js';
import { createRecordControl } from '../replay/recordControl.js';
import { createTerminal } from '../terminal/terminalView.js';
import { installTestHook } from '../terminal/testHook.js';
import { createOverlay } from '../ui/overlay.js';
import { createPresencePanel } from '../ui/presencePanel.js';
import { createReadOnlyBanner } from '../ui/readOnlyBanner.js';
import { createShareDialog } from '../ui/shareDialog.js';
import { createStatusBar } from '../ui/statusBar.js';

export function renderTerminalPage(root: HTMLElement, session: string): void {
  const defaultTitle = `${session} · tmuxgate`;
  document.title = defaultTitle;
  const share = createShareDialog(session, () => term.focus());
  const panel = createPresencePanel(session, (open) => {
    status.setPeopleOpen(open);
    if (!open) term.focus();
  });
  const status = createStatusBar(session, {
    onShare: () => share.open(),
    onPeople: () => (panel.isOpen ? panel.close() : panel.open()),
    onFit: () => setFollowPreference(!followPreference),
  });
  // The owner's Record toggle and Recordings link, at the end of the status bar.
  const record = createRecordControl(session);
  status.element.append(record.element);
  const overlay = createOverlay();
  const banner = createReadOnlyBanner(() => connection.requestWrite());
  const host = el('div', { className: 'terminal-host' });
  root.replaceChildren(
    el('div', { className: 'terminal-page' }, [
      banner.element,
      host,
      panel.element,
      status.element,
      overlay.element,
      share.element,
    ]),
  );

  const view = createTerminal(host);
  const term = view.term;
  let clientId: string | undefined;
  let clients: readonly PresenceClient[] = [];
  // Viewers follow the session's window unless they chose their own size (remembered per browser).
  let followPreference = loadFollowPreference();

  /** Fill the window at the terminal's own size, and tell the gateway that size. */
  const fillWindow = (): void => {
    view.fillWindow();
    connection.resize(term.cols, term.rows);
  };

  const setFollowPreference = (follow: boolean): void => {
    followPreference = follow;
    saveFollowPreference(follow);
    status.setFollowing(follow);
    if (connection.role === undefined || canWrite(connection.role)) return;
    // The gateway answers `fit` with the window's size.
    if (follow) connection.followWindow();
    else fillWindow();
  };

  const applyRole = (role: Role): void => {
    // Writers size the window; viewers following it wait for the gateway's `window` message.
    if (canWrite(role) || !followPreference) fillWindow();
    status.setRole(role);
    record.setRole(role);
    panel.setSelf({ clientId, role });
    banner.setVisible(!canWrite(role));
    term.options.disableStdin = !canWrite(role);
    if (!canManage(role)) share.close();
  };

  const connection = new Connection({
    session,
    size: () => ({ cols: term.cols, rows: term.rows }),
    followsWindow: () => followPreference,
    events: {
      state(state) {
        status.setState(state);
        if (state === 'connected') overlay.hide();
        else if (state !== 'ended') overlay.showConnecting(state === 'connecting');
      },
      hello(hello, reconnected) {
        // A new tmux client redraws everything; start from a clean terminal, not the old link's.
        if (reconnected) term.reset();
        clientId = hello.clientId;
        // Sends the size, which may have changed while connecting (the read-only banner, say).
        applyRole(hello.role);
        term.focus();
      },
      role: applyRole,
      presence(next, counts) {
        clients = next;
        status.setPresence(counts);
        panel.setClients(next, counts);
      },
      window(cols, rows) {
        if (followPreference) view.followWindow({ cols, rows });
      },
      roundTrip: (ms) => status.setRoundTrip(ms),
      output: (data, processed) => term.write(data, processed),
      ended(reason, message) {
        term.options.disableStdin = true;
        share.close();
        panel.close();
        overlay.showEnded(reason, message);
      },
    },
  });

  term.onData((data) => connection.sendInput(data));
  // onBinary carries raw bytes as a binary string, one char per byte (some mouse reports).
  term.onBinary((data) =>
    connection.sendInput(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)),
  );
  term.onTitleChange((title) => {
    document.title = title === '' ? defaultTitle : `${title} · ${session}`;
    status.setTitle(title);
  });
  view.onResize((cols, rows) => {
    // A viewer following the window sends no size: to the gateway, a viewer's `resize` means
    // "my own size from now on". Its page may still be in the fill layout (before the first
    // `window` message), and a banner appearing then resizes it.
    const role = connection.role;
    if (role === undefined || (!canWrite(role) && followPreference)) return;
    connection.resize(cols, rows);
  });
  // Local zoom of a terminal following the window: Ctrl (or ⌘) with + − 0, never sent to tmux.
  term.attachCustomKeyEventHandler((event) => {
    if (view.layout !== 'window' || !(event.ctrlKey || event.metaKey)) return true;
    const direction = ZOOM_KEYS[event.key];
    if (direction === undefined) return true;
    if (event.type === 'keydown') view.zoom(direction);
    event.preventDefault();
    return false;
  });
  window.addEventListener('pagehide', () => connection.dispose());
  // A page restored from the back/forward cache has a closed link: start over.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) window.location.reload();
  });

  installTestHook({
    screenText: () => view.screenText(),
    connectionState: () => connection.state,
    role: () => connection.role,
    clientId: () => clientId,
    presence: () => [...clients],
    layout: () => ({
      mode: view.layout,
      cols: term.cols,
      rows: term.rows,
      fontSize: term.options.fontSize ?? 0,
      zoom: view.zoomLevel,
    }),
  });
  status.setFollowing(followPreference);

  status.setState(connection.state);
  overlay.showConnecting(true);
  connection.start();
  term.focus();
}

const ZOOM_KEYS: Partial<Record<string, 1 | -1 | 0>> = { '+': 1, '=': 1, '-': -1, '0': 0 };

const FOLLOW_PREFERENCE_KEY = 'tmuxgate.followWindow';

function loadFollowPreference(): boolean {
  try {
    return window.localStorage.getItem(FOLLOW_PREFERENCE_KEY) !== 'false';
  } catch {
    return true;
  }
}

function saveFollowPreference(follow: boolean): void {
  try {
    window.localStorage.setItem(FOLLOW_PREFERENCE_KEY, String(follow));
  } catch {
    // Storage may be off (private mode): the choice lasts for this page only.
  }
}
