// The share dialog's form: the new link's role, lifetime, max uses and history, checked before it
// is sent.

import { LINK_ROLES, type LinkRole, type NewLink } from '../api/links.js';
import {
  DEFAULT_GUEST_HISTORY,
  DEFAULT_TTL_SECONDS,
  MAX_LINK_USES,
  parseMaxUses,
  TTL_OPTIONS,
} from '../logic/shareOptions.js';
import { el } from './dom.js';

export interface ShareForm {
  readonly element: HTMLFormElement;
  /** While a link is being created the Create button is disabled. */
  setBusy(busy: boolean): void;
}

/** `submit` gets a valid request; `invalid` the reason one is not (the field keeps the focus). */
export function createShareForm(
  submit: (link: NewLink) => void,
  invalid: (message: string) => void,
): ShareForm {
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
  const history = el('input', {
    attrs: { name: 'history', type: 'checkbox', 'data-testid': 'share-history' },
  });
  history.checked = DEFAULT_GUEST_HISTORY;
  const create = el('button', {
    text: 'Create link',
    attrs: { type: 'submit', 'data-testid': 'share-create' },
  });
  const element = el('form', { className: 'share-form' }, [
    el('label', {}, ['Role', role]),
    el('label', {}, ['Expires after', ttl]),
    el('label', {}, ['Max uses', maxUses]),
    el('label', { className: 'share-check' }, [history, 'Guests can read history']),
    create,
  ]);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    const uses = parseMaxUses(maxUses.value);
    if (!uses.ok) {
      invalid(uses.message);
      maxUses.focus();
      return;
    }
    submit({
      role: LINK_ROLES.find((value) => value === role.value) ?? 'viewer',
      ttlSeconds: Number(ttl.value),
      maxUses: uses.value,
      history: history.checked,
    });
  });
  return {
    element,
    setBusy(busy) {
      create.disabled = busy;
    },
  };
}
