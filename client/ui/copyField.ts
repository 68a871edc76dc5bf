// A read-only text field with a Copy button that confirms with "Copied".

import type { Disposable } from '../../shared/lifecycle.js';
import { el } from './dom.js';

/** How long the button says "Copied" before it reads "Copy" again. */
const CONFIRM_MS = 2000;

export interface CopyField extends Disposable {
  readonly element: HTMLElement;
  setValue(value: string): void;
}

export function createCopyField(
  label: string,
  testIds: { input: string; copy: string },
): CopyField {
  const input = el('input', {
    className: 'copy-input',
    attrs: { readonly: '', 'aria-label': label, spellcheck: 'false', 'data-testid': testIds.input },
  });
  const button = el('button', {
    text: 'Copy',
    attrs: { type: 'button', 'data-testid': testIds.copy },
  });
  const status = el('span', { className: 'copy-status', attrs: { role: 'status' } });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reset = (): void => {
    clearTimeout(timer);
    button.textContent = 'Copy';
    status.textContent = '';
  };
  const report = (copied: boolean): void => {
    reset();
    // The button's own text is the confirmation; the status line explains a failure, and stays.
    if (copied) {
      button.textContent = 'Copied';
      timer = setTimeout(reset, CONFIRM_MS);
    } else {
      status.textContent = 'Press Ctrl+C (⌘C) to copy the selected link.';
    }
  };
  input.addEventListener('focus', () => input.select());
  button.addEventListener('click', () => {
    void copy(input).then(report);
  });
  return {
    element: el('div', { className: 'copy-field' }, [input, button, status]),
    setValue(value) {
      input.value = value;
      reset();
    },
    dispose: () => clearTimeout(timer),
  };
}

/** The Clipboard API where the page may use it (secure contexts); else the old selection copy. */
async function copy(input: HTMLInputElement): Promise<boolean> {
  try {
    // Undefined on plain http from another host, where browsers withhold the Clipboard API.
    if (typeof navigator.clipboard?.writeText === 'function') {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    // Refused (no permission, page not focused): try the selection instead.
  }
  input.focus();
  input.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
