// The side panel listing everyone in the session (browsers and tmux clients), with owner controls.

import type { PresenceClient } from '../../shared/protocol.js';
import { ApiError } from '../api/http.js';
import { runClientAction } from '../api/clients.js';
import { el } from './dom.js';
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
  const heading = el('h2', { text: 'People', attrs: { id: 'presence-panel-title' } });
  const summary = el('p', { className: 'hint presence-summary' });
  const closeButton = el('button', {
    className: 'dialog-close',
    text: 'Close',
    attrs: { type: 'button', 'data-testid': 'presence-close' },
  });
  const error = el('p', {
    className: 'error',
    attrs: { role: 'alert', 'data-testid': 'presence-error' },
  });
  const empty = el('p', { className: 'hint', text: 'Waiting for the gateway to say who is here…' });
  const list = createPresenceList(heading.id, (id, action) => void act(id, action));
  const element = el(
    'aside',
    {
      className: 'presence-panel',
      attrs: {
        id: 'presence-panel',
        tabindex: '-1',
        'data-testid': 'presence-panel',
        'aria-labelledby': heading.id,
      },
    },
    [
      el('header', { className: 'dialog-header' }, [heading, closeButton]),
      summary,
      error,
      empty,
      list.element,
    ],
  );
  element.hidden = true;

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
      error.textContent = `Could not ${FAILED[action]} ${client.user}: ${describe(failure)}`;
    } finally {
      busy.delete(id);
      render();
    }
  }

  function render(): void {
    if (element.hidden) return;
    const active = document.activeElement;
    const focused = active instanceof HTMLElement && element.contains(active) ? active : undefined;
    heading.textContent = `People (${String(counts.total)})`;
    const unlisted = counts.total - clients.length;
    summary.textContent =
      `${String(counts.viewers)} watching read-only` +
      (unlisted > 0 ? ` (${String(unlisted)} more not listed)` : '');
    empty.hidden = clients.length > 0;
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
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    setOpen(false);
  });

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

function describe(failure: unknown): string {
  if (failure instanceof ApiError) return failure.message;
  return 'The gateway could not be reached.';
}
