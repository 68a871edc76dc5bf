// The side panel listing everyone in the session (browsers and tmux clients), with owner controls.

import type { PresenceClient } from '../../shared/protocol.js';
import { runClientAction } from '../api/clients.js';
import { el } from './dom.js';
import { failureText } from './failureText.js';
import type { ClientAction, Self } from '../logic/presence.js';
import { createPresenceList } from './presenceList.js';

export interface PresencePanel {
  readonly element: HTMLElement;
  readonly isOpen: boolean;
  /** The latest `presence` message; the panel redraws only while open. */
  /** The listed clients (capped for non-owners) and the counts of everyone. */
  setClients(clients: readonly PresenceClient[], counts: { total: number; viewers: number }): void;
  /** The page's own connection (new after every reconnect) and role: they decide the controls. */
  setSelf(self: Self): void;
  open(): void;
  close(): void;
}

/** What failed, in words, for the panel's error line. */
const FAILED: Record<ClientAction, string> = {
  approve: 'approve the request of',
  deny: 'deny the request of',
  promote: 'make a writer of',
  demote: 'make a viewer of',
  kick: 'remove',
};

/** `onOpenChange` runs whenever the panel opens or closes (to mark the toggle, move focus). */
export function createPresencePanel(
  session: string,
  onOpenChange: (open: boolean) => void,
): PresencePanel {
  const parts = panelParts();
  const { heading, closeButton, error } = parts;
  const list = createPresenceList(heading.id, (id, action) => void act(id, action));
  const element = panelElement(parts, list.element);

  let clients: readonly PresenceClient[] = [];
  let counts = { total: 0, viewers: 0 };
  let self: Self = { clientId: undefined, role: undefined };
  /** Clients with an owner call in flight. */
  const busy = new Set<string>();

  async function act(id: string, action: ClientAction): Promise<void> {
    const client = clients.find((c) => c.id === id);
    if (client === undefined || busy.has(id)) return;
    error.textContent = '';
    busy.add(id);
    render();
    try {
      await runClientAction(session, id, action);
    } catch (failure) {
      error.textContent = `Could not ${FAILED[action]} ${client.user}: ${failureText(failure)}`;
    } finally {
      busy.delete(id);
      render();
    }
  }

  function render(): void {
    if (element.hidden) return;
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && element.contains(active) ? active : undefined;
    showCounts(parts, clients.length, counts);
    list.update(clients, self, busy);
    // A button that went away (Approve after approving, a removed client's row) had the focus:
    // keep it in the panel, so that Tab and Escape still work from here.
    if (focused !== undefined && (!element.contains(focused) || focused.closest('[hidden]'))) {
      element.focus();
    }
  }

  const setOpen = (open: boolean): void => {
    if (open === !element.hidden) return;
    element.hidden = !open;
    if (open) {
      render();
      closeButton.focus();
    } else {
      error.textContent = '';
    }
    onOpenChange(open);
  };

  closeButton.addEventListener('click', () => setOpen(false));
  element.addEventListener('keydown', (event) => closeOnEscape(event, () => setOpen(false)));

  return {
    element,
    get isOpen() {
      return !element.hidden;
    },
    setClients(next, nextCounts) {
      clients = next;
      counts = nextCounts;
      render();
    },
    setSelf(next) {
      self = next;
      render();
    },
    open: () => setOpen(true),
    close: () => setOpen(false),
  };
}

/** The panel's fixed parts; the list of clients is made by the panel. */
function panelParts() {
  return {
    heading: el('h2', { text: 'People', attrs: { id: 'presence-panel-title' } }),
    summary: el('p', { className: 'hint presence-summary' }),
    closeButton: el('button', {
      className: 'dialog-close',
      text: 'Close',
      attrs: { type: 'button', 'data-testid': 'presence-close' },
    }),
    error: el('p', {
      className: 'error',
      attrs: { role: 'alert', 'data-testid': 'presence-error' },
    }),
    empty: el('p', { className: 'hint', text: 'Waiting for the gateway to say who is here…' }),
  };
}

/** The panel, hidden until opened. */
function panelElement(parts: ReturnType<typeof panelParts>, list: HTMLElement): HTMLElement {
  const element = el(
    'aside',
    {
      className: 'presence-panel',
      attrs: {
        id: 'presence-panel',
        tabindex: '-1',
        'data-testid': 'presence-panel',
        'aria-labelledby': parts.heading.id,
      },
    },
    [
      el('header', { className: 'dialog-header' }, [parts.heading, parts.closeButton]),
      parts.summary,
      parts.error,
      parts.empty,
      list,
    ],
  );
  element.hidden = true;
  return element;
}

/** The heading's count, the summary line, and the note shown before the first presence. */
function showCounts(
  parts: ReturnType<typeof panelParts>,
  listed: number,
  counts: { total: number; viewers: number },
): void {
  parts.heading.textContent = `People (${String(counts.total)})`;
  const unlisted = counts.total - listed;
  parts.summary.textContent =
    `${String(counts.viewers)} watching read-only` +
    (unlisted > 0 ? ` (${String(unlisted)} more not listed)` : '');
  parts.empty.hidden = listed > 0;
}

function closeOnEscape(event: KeyboardEvent, close: () => void): void {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  close();
}
