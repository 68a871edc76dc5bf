// The owner's share dialog: create a link (role, lifetime, max uses), copy it or show its QR code,
// and list or revoke the session's live links.

import { ApiError } from '../api/http.js';
import { el } from './dom.js';
import {
  createLink,
  LINK_ROLES,
  listLinks,
  revokeLink,
  type LinkRole,
  type LinkView,
} from '../api/links.js';
import { timeUntil } from '../logic/relativeTime.js';
import {
  DEFAULT_TTL_SECONDS,
  MAX_LINK_USES,
  parseMaxUses,
  TTL_OPTIONS,
} from '../logic/shareOptions.js';
import { createCopyField } from './copyField.js';
import { createLinkList } from './linkList.js';
import { createQrCode } from './qrCode.js';

/** How often open-dialog expiries ("in 1 h 59 min") are recounted; they move by the minute. */
const EXPIRY_REFRESH_MS = 30_000;

export interface ShareDialog {
  readonly element: HTMLDialogElement;
  /** Opens the dialog (modal) and loads the live links. */
  open(): void;
  close(): void;
}

/** `onClose` runs whenever the dialog closes (button, Escape, or close()): give focus back. */
export function createShareDialog(session: string, onClose: () => void): ShareDialog {
  const role = el(
    'select',
    { attrs: { name: 'role', 'data-testid': 'share-role' } },
    LINK_ROLES.map((value) => el('option', { text: value, attrs: { value } })),
  );
  role.value = 'viewer' satisfies LinkRole;
  const ttl = el(
    'select',
    { attrs: { name: 'ttl', 'data-testid': 'share-ttl' } },
    TTL_OPTIONS.map((option) =>
      el('option', { text: option.label, attrs: { value: String(option.seconds) } }),
    ),
  );
  ttl.value = String(DEFAULT_TTL_SECONDS);
  const maxUses = el('input', {
    attrs: {
      name: 'maxUses',
      type: 'number',
      min: '1',
      max: String(MAX_LINK_USES),
      step: '1',
      placeholder: 'unlimited',
      inputmode: 'numeric',
      'data-testid': 'share-max-uses',
    },
  });
  const create = el('button', {
    text: 'Create link',
    attrs: { type: 'submit', 'data-testid': 'share-create' },
  });
  const error = el('p', {
    className: 'error',
    attrs: { role: 'alert', 'data-testid': 'share-error' },
  });

  const copyField = createCopyField('Share link', { input: 'share-url', copy: 'share-copy' });
  const createdNote = el('p', { className: 'hint' });
  // A button, so the audience-sized QR code is a keystroke away too.
  const qrHolder = el('button', {
    className: 'share-qr',
    attrs: {
      type: 'button',
      title: 'Enlarge or shrink the QR code',
      'aria-pressed': 'false',
      'data-testid': 'share-qr',
    },
  });
  qrHolder.addEventListener('click', () => {
    const large = qrHolder.classList.toggle('share-qr-large');
    qrHolder.setAttribute('aria-pressed', String(large));
  });
  const created = el('section', { className: 'share-created' }, [
    copyField.element,
    createdNote,
    qrHolder,
  ]);
  created.hidden = true;

  let links: readonly LinkView[] = [];
  /** The link whose URL is on show; revoking it hides the URL and QR code. */
  let shownId: string | undefined;
  let refreshTimer: ReturnType<typeof setInterval> | undefined;
  const linkList = createLinkList(async (id) => {
    error.textContent = '';
    const revoked = await run(() => revokeLink(session, id));
    if (revoked && id === shownId) created.hidden = true;
    await refresh();
  });
  const redraw = (): void => linkList.render(links, Date.now());

  const form = el('form', { className: 'share-form' }, [
    el('label', {}, ['Role', role]),
    el('label', {}, ['Expires after', ttl]),
    el('label', {}, ['Max uses', maxUses]),
    create,
  ]);
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
      form,
      error,
      created,
      linkList.element,
    ],
  );

  /** Runs an API call, showing its failure in the dialog; resolves either way. */
  async function run(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (failure) {
      error.textContent = describe(failure);
      return false;
    }
  }

  async function refresh(): Promise<void> {
    await run(async () => {
      links = await listLinks(session);
      redraw();
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    const uses = parseMaxUses(maxUses.value);
    if (!uses.ok) {
      error.textContent = uses.message;
      maxUses.focus();
      return;
    }
    const spec = {
      role: LINK_ROLES.find((value) => value === role.value) ?? 'viewer',
      ttlSeconds: Number(ttl.value),
      maxUses: uses.value,
    };
    create.disabled = true;
    void run(async () => {
      const link = await createLink(session, spec);
      shownId = link.id;
      copyField.setValue(link.url);
      const left = timeUntil(Date.parse(link.expiresAt), Date.now());
      createdNote.textContent = `A ${spec.role} link that expires ${left}. Anyone who has it can join.`;
      qrHolder.replaceChildren(createQrCode(link.url, 'QR code of the share link'));
      created.hidden = false;
      await refresh();
    }).finally(() => {
      create.disabled = false;
    });
  });
  closeButton.addEventListener('click', () => element.close());
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
  };
}

function describe(failure: unknown): string {
  if (failure instanceof ApiError) return failure.message;
  return 'The gateway could not be reached.';
}
