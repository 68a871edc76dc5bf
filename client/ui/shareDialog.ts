// The owner's share dialog: create a link (role, lifetime, max uses), copy it or show its QR code,
// and list or revoke the session's live links.

import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import { createLink, listLinks, revokeLink, type LinkView, type NewLink } from '../api/links.js';
import { el } from './dom.js';
import { failureText } from './failureText.js';
import { createLinkList } from './linkList.js';
import { createCreatedLinkView } from './shareCreated.js';
import { createShareForm } from './shareForm.js';

/** How often open-dialog expiries ("in 1 h 59 min") are recounted; they move by the minute. */
const EXPIRY_REFRESH_MS = 30_000;

export interface ShareDialog extends Disposable {
  readonly element: HTMLDialogElement;
  /** Opens the dialog (modal) and loads the live links. */
  open(): void;
  close(): void;
}

/** `onClose` runs whenever the dialog closes (button, Escape, or close()): give focus back. */
export function createShareDialog(session: string, onClose: () => void): ShareDialog {
  const store = new DisposableStore();
  const error = el('p', {
    className: 'error',
    attrs: { role: 'alert', 'data-testid': 'share-error' },
  });
  const created = store.add(createCreatedLinkView());
  let links: readonly LinkView[] = [];
  let refreshTimer: ReturnType<typeof setInterval> | undefined;
  store.add(toDisposable(() => clearInterval(refreshTimer)));

  /** Runs an API call, showing its failure in the dialog; resolves either way. */
  async function run(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (failure) {
      error.textContent = failureText(failure);
      return false;
    }
  }
  const linkList = createLinkList(async (id) => {
    error.textContent = '';
    const revoked = await run(() => revokeLink(session, id));
    // Revoking the link on show hides its URL and QR code.
    if (revoked && id === created.shownId) created.hide();
    await refresh();
  });
  const redraw = (): void => linkList.render(links, Date.now());
  async function refresh(): Promise<void> {
    await run(async () => {
      links = await listLinks(session);
      redraw();
    });
  }

  const submit = (spec: NewLink): void => {
    error.textContent = '';
    form.setBusy(true);
    void run(async () => {
      created.show(await createLink(session, spec), spec.role);
      await refresh();
    }).finally(() => form.setBusy(false));
  };
  const form = createShareForm(submit, (message) => {
    error.textContent = message;
  });
  const element = dialogElement(session, [form.element, error, created.element, linkList.element]);
  element.addEventListener('close', () => {
    clearInterval(refreshTimer);
    refreshTimer = undefined;
    onClose();
  });

  return {
    element,
    open() {
      if (element.open) return;
      error.textContent = '';
      element.showModal();
      refreshTimer = setInterval(redraw, EXPIRY_REFRESH_MS);
      void refresh();
    },
    close() {
      if (element.open) element.close();
    },
    dispose: () => store.dispose(),
  };
}

/** The modal with its title and Close button above `body`. */
function dialogElement(session: string, body: readonly HTMLElement[]): HTMLDialogElement {
  const closeButton = el('button', {
    className: 'dialog-close',
    text: 'Close',
    attrs: { type: 'button' },
  });
  const element = el(
    'dialog',
    {
      className: 'share-dialog',
      attrs: { 'data-testid': 'share-dialog', 'aria-labelledby': 'share-dialog-title' },
    },
    [
      el('header', { className: 'dialog-header' }, [
        el('h1', { text: `Share ${session}`, attrs: { id: 'share-dialog-title' } }),
        closeButton,
      ]),
      ...body,
    ],
  );
  closeButton.addEventListener('click', () => element.close());
  return element;
}
