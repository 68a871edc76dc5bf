// The terminal page's controls around the terminal: the read-only banner, the people panel, the
// status bar (with the owner's Record control and the settings menu), the connecting/ended overlay
// and the share dialog. Whenever a control has been used, the keyboard goes back to the terminal.

import { DisposableStore, type Disposable } from '../../shared/lifecycle.js';
import { createRecordControl, type RecordControl } from '../replay/recordControl.js';
import type { Settings } from '../logic/settings.js';
import { el } from '../ui/dom.js';
import { createOverlay, type Overlay } from '../ui/overlay.js';
import { createPresencePanel, type PresencePanel } from '../ui/presencePanel.js';
import { createReadOnlyBanner, type ReadOnlyBanner } from '../ui/readOnlyBanner.js';
import { createSettingsMenu, type SettingsMenu } from '../ui/settingsMenu.js';
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
  readonly settings: SettingsMenu;
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
  /** The settings menu changed a setting (saved already): apply it to the terminal. */
  applySettings: (settings: Settings) => void;
}

export function createTerminalChrome(session: string, actions: ChromeActions): TerminalChrome {
  const store = new DisposableStore();
  const share = store.add(createShareDialog(session, actions.focusTerminal));
  const panel = createPresencePanel(session, (open) => {
    status.setPeopleOpen(open);
    if (!open) actions.focusTerminal();
  });
  const status = store.add(
    createStatusBar(session, {
      onShare: () => share.open(),
      onPeople: () => (panel.isOpen ? panel.close() : panel.open()),
      onFit: () => {
        actions.toggleFollow();
        actions.focusTerminal();
      },
      onHistory: actions.openHistory,
      focusTerminal: actions.focusTerminal,
    }),
  );
  // The owner's Record toggle and Recordings link, then Settings, at the end of the status bar.
  const record = createRecordControl(session, actions.focusTerminal);
  status.addControl(record.element);
  const settings = store.add(
    createSettingsMenu({ changed: actions.applySettings, closed: actions.focusTerminal }),
  );
  status.addControl(settings.trigger);
  status.addPanel(settings.panel);
  const overlay = createOverlay();
  const banner = store.add(createReadOnlyBanner(actions.requestWrite, actions.focusTerminal));
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
    settings,
    dispose: () => store.dispose(),
  };
}
