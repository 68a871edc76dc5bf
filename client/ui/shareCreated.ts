// The link just created in the share dialog: its URL with a Copy button, what it allows, its QR code.

import type { Disposable } from '../../shared/lifecycle.js';
import type { CreatedLink, LinkRole } from '../api/links.js';
import { timeUntil } from '../logic/relativeTime.js';
import { createCopyField } from './copyField.js';
import { el } from './dom.js';
import { createQrCode } from './qrCode.js';

export interface CreatedLinkView extends Disposable {
  readonly element: HTMLElement;
  /** The link whose URL is on show; undefined while hidden. */
  readonly shownId: string | undefined;
  show(link: CreatedLink, role: LinkRole): void;
  hide(): void;
}

export function createCreatedLinkView(): CreatedLinkView {
  const copyField = createCopyField('Share link', { input: 'share-url', copy: 'share-copy' });
  const note = el('p', { className: 'hint' });
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
  const element = el('section', { className: 'share-created' }, [
    copyField.element,
    note,
    qrHolder,
  ]);
  element.hidden = true;
  let shownId: string | undefined;

  return {
    element,
    get shownId() {
      return element.hidden ? undefined : shownId;
    },
    show(link, role) {
      shownId = link.id;
      copyField.setValue(link.url);
      const left = timeUntil(Date.parse(link.expiresAt), Date.now());
      note.textContent = `A ${role} link that expires ${left}. Anyone who has it can join.`;
      qrHolder.replaceChildren(createQrCode(link.url, 'QR code of the share link'));
      element.hidden = false;
    },
    hide() {
      element.hidden = true;
    },
    dispose: () => copyField.dispose(),
  };
}
