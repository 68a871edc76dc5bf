// The presence panel's list: one row per client, kept across presence pushes so that a button
// keeps the keyboard focus; rows are re-parented only when the order changed.

import type { PresenceClient } from '../../shared/protocol.js';
import { clientActions, type ClientAction, type Self } from '../logic/presence.js';
import { el } from './dom.js';
import { createPresenceRow, type PresenceRow } from './presenceRow.js';

export interface PresenceList {
  readonly element: HTMLUListElement;
  /** Shows `clients`, with the controls `self` may use; `busy` clients have a call in flight. */
  update(clients: readonly PresenceClient[], self: Self, busy: ReadonlySet<string>): void;
}

/** `act` runs an owner's action on a client. */
export function createPresenceList(
  labelledBy: string,
  act: (id: string, action: ClientAction) => void,
): PresenceList {
  const element = el('ul', {
    className: 'presence-list',
    attrs: { 'aria-labelledby': labelledBy },
  });
  const rows = new Map<string, PresenceRow>();
  return {
    element,
    update(clients, self, busy) {
      const wanted: HTMLLIElement[] = [];
      for (const client of clients) {
        let row = rows.get(client.id);
        if (row === undefined) {
          const id = client.id;
          row = createPresenceRow(id, (action) => act(id, action));
          rows.set(id, row);
        }
        row.update({
          client,
          isSelf: client.id === self.clientId,
          actions: clientActions(client, self),
          busy: busy.has(client.id),
        });
        wanted.push(row.element);
      }
      const present = new Set(clients.map((client) => client.id));
      for (const id of rows.keys()) if (!present.has(id)) rows.delete(id);
      // Re-parenting a row would take the focus away from its button: only when the order changed.
      const current = [...element.children];
      if (current.length !== wanted.length || wanted.some((row, i) => current[i] !== row)) {
        element.replaceChildren(...wanted);
      }
    },
  };
}
