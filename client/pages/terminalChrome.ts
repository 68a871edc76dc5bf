// The terminal page's controls around the terminal: the read-only banner, the people panel, the
// status bar (with the owner's Record control), the connecting/ended overlay and the share dialog.

import { DisposableStore, type Disposable } from '../../shared/lifecycle.js';
import { createRecordControl, type RecordControl } from '../replay/recordControl.js';
import { el } from '../ui/dom.js';
import { createOverlay, type Overlay } from '../ui/overlay.js';
import { createPresencePanel, type PresencePanel } from '../ui/presencePanel.js';
import { createReadOnlyBanner, type ReadOnlyBanner } from '../ui/readOnlyBanner.js';
import { createShareDialog, type ShareDialog } from '../ui/shareDialog.js';
import { createStatusBar, type StatusBar } from '../ui/statusBar.js';

export interface TerminalChrome extends Disposable {
  /** The whole page; the terminal goes into `host`. */
  readonly element: HTMLElement;
  readonly host: HTMLElement;
  readonly status: StatusBar;
  readonly panel: PresencePanel;
  readonly share: ShareDialog;
  readonly record: RecordControl;
  readonly overlay: Overlay;
  readonly banner: ReadOnlyBanner;
}

/** What the controls ask of the page. */
export interface ChromeActions {
  /** A dialog or the panel closed: give the keyboard back to the terminal. */
  focusTerminal: () => void;
  /** A viewer pressed Fit: follow the session's window, or go back to an own size. */
  toggleFollow: () => void;
  /** A viewer asked for write access; false when nothing could be sent. */
  requestWrite: () => boolean;
  /** Someone pressed History: open the history view. */
  openHistory: () => void;
}

export function createTerminalChrome(session: string, actions: ChromeActions): TerminalChrome {
  const store = new DisposableStore();
  const share = store.add(createShareDialog(session, actions.focusTerminal));
  const panel = createPresencePanel(session, (open) => {
    status.setPeopleOpen(open);
    if (!open) actions.focusTerminal();
  });
  const status = createStatusBar(session, {
    onShare: () => share.open(),
    onPeople: () => (panel.isOpen ? panel.close() : panel.open()),
    onFit: actions.toggleFollow,
    onHistory: actions.openHistory,
  });
  // The owner's Record toggle and Recordings link, at the end of the status bar.
  const record = createRecordControl(session);
  status.element.append(record.element);
  const overlay = createOverlay();
  const banner = store.add(createReadOnlyBanner(actions.requestWrite));
  const host = el('div', { className: 'terminal-host' });
  const element = el('div', { className: 'terminal-page' }, [
    banner.element,
    host,
    panel.element,
    status.element,
    overlay.element,
    share.element,
  ]);
  return {
    element,
    host,
    status,
    panel,
    share,
    record,
    overlay,
    banner,
    dispose: () => store.dispose(),
  };
}
