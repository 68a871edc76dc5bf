// The terminal page at `/s/NAME`: wires the terminal, the connection and the status UI together,
// and owns them: disposing the page closes the link and disposes the terminal and every listener.

import { DisposableStore, type Disposable } from '../../shared/lifecycle.js';
import type { PresenceClient } from '../../shared/protocol.js';
import { canManage, canWrite, type Role } from '../../shared/roles.js';
import { createHistoryView, type HistoryView } from '../history/historyView.js';
import { bindHistoryTriggers, isHistoryKey } from '../history/historyTriggers.js';
import { Connection, type ConnectionEvents } from '../terminal/connection.js';
import { createTerminalSettings, type TerminalSettings } from '../terminal/terminalSettings.js';
import { createTerminal, type TerminalView } from '../terminal/terminalView.js';
import { installTestHook, type TmuxgateTestHook } from '../terminal/testHook.js';
import { createExtraKeysRow, type ExtraKeysRow } from '../touch/extraKeysRow.js';
import { loadFollowPreference, saveFollowPreference } from './followPreference.js';
import { createTerminalChrome, type TerminalChrome } from './terminalChrome.js';

/** Local zoom of a terminal following the window: Ctrl (or ⌘) with these keys, never sent to tmux. */
const ZOOM_KEYS: Partial<Record<string, 1 | -1 | 0>> = { '+': 1, '=': 1, '-': -1, '0': 0 };

export function renderTerminalPage(root: HTMLElement, session: string): Disposable {
  return new TerminalPage(root, session);
}

class TerminalPage implements Disposable {
  private readonly store = new DisposableStore();
  private readonly defaultTitle: string;
  private readonly chrome: TerminalChrome;
  private readonly view: TerminalView;
  private readonly connection: Connection;
  private readonly history: HistoryView;
  private readonly extraKeys: ExtraKeysRow;
  private readonly settings: TerminalSettings;
  private clientId: string | undefined;
  private clients: readonly PresenceClient[] = [];
  /** Viewers follow the session's window unless they chose their own size. */
  private followPreference = loadFollowPreference();

  constructor(
    root: HTMLElement,
    private readonly session: string,
  ) {
    this.defaultTitle = `${session} · tmuxgate`;
    document.title = this.defaultTitle;
    this.chrome = this.store.add(
      createTerminalChrome(session, {
        focusTerminal: () => this.view.term.focus(),
        toggleFollow: () => this.setFollowPreference(!this.followPreference),
        requestWrite: () => this.connection.requestWrite(),
        openHistory: () => this.history.open(),
        applySettings: (settings) => this.settings.apply(settings),
      }),
    );
    root.replaceChildren(this.chrome.element);
    this.view = this.store.add(createTerminal(this.chrome.host));
    this.settings = this.store.add(createTerminalSettings(this.view, this.chrome.settings.current));
    this.history = this.store.add(
      createHistoryView({
        session,
        container: this.chrome.host,
        fontSize: () => this.view.term.options.fontSize ?? 0,
        closed: () => this.view.term.focus(),
      }),
    );
    this.connection = this.store.add(
      new Connection({
        session,
        size: () => ({ cols: this.view.term.cols, rows: this.view.term.rows }),
        followsWindow: () => this.followPreference,
        events: this.connectionEvents(),
      }),
    );
    this.extraKeys = this.mountExtraKeys();
    this.bindTerminal();
    this.store.add(installTestHook(this.testHook()));
    this.chrome.status.setFollowing(this.followPreference);

    this.chrome.status.setState(this.connection.state);
    this.chrome.overlay.showConnecting(true);
    this.connection.start();
    this.view.term.focus();
  }

  dispose(): void {
    this.store.dispose();
  }

  /** The extra-keys row (touch writers), above the status bar; its keys go where typing goes. */
  private mountExtraKeys(): ExtraKeysRow {
    const row = this.store.add(
      createExtraKeysRow({
        send: (data) => this.connection.sendInput(data),
        applicationCursor: () => this.view.term.modes.applicationCursorKeysMode,
        focusTerminal: () => this.view.term.focus(),
      }),
    );
    this.chrome.status.element.before(row.element);
    return row;
  }

  /** Fill the window at the terminal's own size, and tell the gateway that size. */
  private fillWindow(): void {
    this.view.fillWindow();
    this.settings.refill();
    this.connection.resize(this.view.term.cols, this.view.term.rows);
  }

  private setFollowPreference(follow: boolean): void {
    this.followPreference = follow;
    saveFollowPreference(follow);
    this.chrome.status.setFollowing(follow);
    const role = this.connection.role;
    if (role === undefined || canWrite(role)) return;
    // The gateway answers `fit` with the window's size.
    if (follow) this.connection.followWindow();
    else this.fillWindow();
  }

  private applyRole(role: Role): void {
    const { status, record, panel, banner, share } = this.chrome;
    // Writers size the window; viewers following it wait for the gateway's `window` message.
    if (canWrite(role) || !this.followPreference) this.fillWindow();
    status.setRole(role);
    record.setRole(role);
    panel.setSelf({ clientId: this.clientId, role });
    banner.setVisible(!canWrite(role));
    this.extraKeys.setWriter(canWrite(role));
    this.view.term.options.disableStdin = !canWrite(role);
    if (!canManage(role)) share.close();
  }

  /** Called once the terminal exists: the events go to it and to the controls. */
  private connectionEvents(): ConnectionEvents {
    const { status, panel, share, overlay } = this.chrome;
    const term = this.view.term;
    return {
      state(state) {
        status.setState(state);
        if (state === 'connected') overlay.hide();
        else if (state !== 'ended') overlay.showConnecting(state === 'connecting');
      },
      hello: (hello, reconnected) => {
        // A new tmux client redraws everything; start from a clean terminal, not the old link's.
        if (reconnected) term.reset();
        this.clientId = hello.clientId;
        // Sends the size, which may have changed while connecting (the read-only banner, say).
        this.applyRole(hello.role);
        this.history.setAvailable(hello.history);
        status.setHistoryAvailable(hello.history);
        if (!this.history.isOpen) term.focus();
      },
      role: (role) => this.applyRole(role),
      presence: (next, counts) => {
        this.clients = next;
        status.setPresence(counts);
        panel.setClients(next, counts);
      },
      window: (cols, rows) => {
        if (this.followPreference) this.view.followWindow({ cols, rows });
      },
      roundTrip: (ms) => status.setRoundTrip(ms),
      output: (data, processed) => {
        term.write(data, processed);
        this.history.liveOutput();
      },
      ended: (reason, message) => {
        this.history.setAvailable(false);
        term.options.disableStdin = true;
        share.close();
        panel.close();
        overlay.showEnded(reason, message);
      },
    };
  }

  /** Keyboard input, title and size changes of the terminal, and the local zoom keys. */
  private bindTerminal(): void {
    const { view, connection, store } = this;
    const term = view.term;
    store.add(term.onData((data) => connection.sendInput(this.extraKeys.transformInput(data))));
    // onBinary carries raw bytes as a binary string, one char per byte (some mouse reports).
    store.add(
      term.onBinary((data) =>
        connection.sendInput(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)),
      ),
    );
    store.add(
      term.onTitleChange((title) => {
        document.title = title === '' ? this.defaultTitle : `${title} · ${this.session}`;
        this.chrome.status.setTitle(title);
      }),
    );
    store.add(
      view.onResize((cols, rows) => {
        // A viewer following the window sends no size: to the gateway, a viewer's `resize` means
        // "my own size from now on". Its page may still be in the fill layout (before the first
        // `window` message), and a banner appearing then resizes it.
        const role = connection.role;
        if (role === undefined || (!canWrite(role) && this.followPreference)) return;
        connection.resize(cols, rows);
      }),
    );
    store.add(
      bindHistoryTriggers({
        host: this.chrome.host,
        // Viewers always; writers unless tmux tracks the mouse (`mouse on`): then it is tmux's.
        mayOpen: () =>
          this.history.available &&
          !this.history.isOpen &&
          (!canWrite(connection.role ?? 'viewer') || term.modes.mouseTrackingMode === 'none'),
        open: () => this.history.open(),
      }),
    );
    term.attachCustomKeyEventHandler((event) => {
      if (isHistoryKey(event) && this.history.available) {
        this.history.open();
        return false;
      }
      if (view.layout !== 'window' || !(event.ctrlKey || event.metaKey)) return true;
      const direction = ZOOM_KEYS[event.key];
      if (direction === undefined) return true;
      if (event.type === 'keydown') view.zoom(direction);
      event.preventDefault();
      return false;
    });
  }

  private testHook(): TmuxgateTestHook {
    const { view, connection } = this;
    return {
      screenText: () => view.screenText(),
      connectionState: () => connection.state,
      role: () => connection.role,
      clientId: () => this.clientId,
      presence: () => [...this.clients],
      history: () => this.history.state(),
      layout: () => ({
        mode: view.layout,
        cols: view.term.cols,
        rows: view.term.rows,
        fontSize: view.term.options.fontSize ?? 0,
        zoom: view.zoomLevel,
      }),
    };
  }
}
