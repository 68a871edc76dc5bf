// A button that shows and hides a floating panel (the settings menu, the narrow status bar's
// "More"): Escape, the button again or a click elsewhere closes it, and the keyboard goes back.

import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';

/** What can take the keyboard: a click on one of these keeps its own focus when a panel closes. */
const FOCUSABLE = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export interface Disclosure extends Disposable {
  readonly isOpen: boolean;
  open(): void;
  /** Closes the panel; `returnFocus` (the default) gives the keyboard back (see `closed`). */
  close(returnFocus?: boolean): void;
}

export interface DisclosureOptions {
  trigger: HTMLButtonElement;
  /** Shown while `data-open` is set (the panel's CSS decides what that means). */
  panel: HTMLElement;
  /** The panel closed and the keyboard should go back (to the terminal). */
  closed: () => void;
}

export function createDisclosure({ trigger, panel, closed }: DisclosureOptions): Disclosure {
  const store = new DisposableStore();
  trigger.setAttribute('aria-expanded', 'false');
  if (panel.id !== '') trigger.setAttribute('aria-controls', panel.id);
  let isOpen = false;

  const setOpen = (open: boolean, returnFocus = true): void => {
    if (open === isOpen) return;
    isOpen = open;
    trigger.setAttribute('aria-expanded', String(open));
    if (open) {
      panel.dataset.open = '';
      firstShown(panel)?.focus();
    } else {
      delete panel.dataset.open;
      if (returnFocus) closed();
    }
  };

  const onTrigger = (): void => setOpen(!isOpen);
  trigger.addEventListener('click', onTrigger);
  store.add(toDisposable(() => trigger.removeEventListener('click', onTrigger)));
  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !isOpen) return;
    event.preventDefault();
    event.stopPropagation();
    setOpen(false);
  };
  panel.addEventListener('keydown', onKey);
  store.add(toDisposable(() => panel.removeEventListener('keydown', onKey)));
  const onPointer = (event: PointerEvent): void => {
    const target = event.target;
    if (!isOpen || !(target instanceof Element)) return;
    if (panel.contains(target) || trigger.contains(target)) return;
    // A click on another control leaves the keyboard to it; anywhere else, back to the terminal.
    setOpen(false, target.closest(FOCUSABLE) === null);
  };
  document.addEventListener('pointerdown', onPointer, true);
  store.add(toDisposable(() => document.removeEventListener('pointerdown', onPointer, true)));

  return {
    get isOpen() {
      return isOpen;
    },
    open: () => setOpen(true),
    close: (returnFocus = true) => setOpen(false, returnFocus),
    dispose: () => store.dispose(),
  };
}

/** The first control in `panel` that is shown (hidden ones cannot take focus). */
function firstShown(panel: HTMLElement): HTMLElement | undefined {
  const controls = Array.from(panel.querySelectorAll<HTMLElement>(FOCUSABLE));
  return controls.find((control) => control.getClientRects().length > 0);
}
