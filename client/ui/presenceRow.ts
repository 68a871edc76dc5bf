// One client in the presence panel: who, how attached, role, details for owners, and owner controls.

import type { PresenceClient } from '../../shared/protocol.js';
import { el } from './dom.js';
import {
  CLIENT_ACTIONS,
  idleText,
  kindLabel,
  sizeText,
  type ClientAction,
} from '../logic/presence.js';

export interface RowState {
  client: PresenceClient;
  /** This is the page's own connection. */
  isSelf: boolean;
  actions: readonly ClientAction[];
  /**
   * An action on this client is in flight: its buttons are marked aria-disabled (and ignored by
   * the panel), not disabled, which would drop the keyboard focus.
   */
  busy: boolean;
}

export interface PresenceRow {
  readonly element: HTMLLIElement;
  update(state: RowState): void;
}

/** The actions shown under the client's name; approve and deny sit next to the request. */
const CONTROL_ACTIONS: readonly ClientAction[] = ['promote', 'demote', 'kick'];

const BUTTON_TEXT: Record<ClientAction, string> = {
  approve: 'Approve',
  deny: 'Deny',
  promote: 'Make writer',
  demote: 'Make viewer',
  kick: 'Remove',
};

/** Accessible names: the visible text alone does not say whom a button acts on. */
function buttonLabel(action: ClientAction, client: PresenceClient): string {
  const who = `${client.user} (${kindLabel(client.kind)})`;
  switch (action) {
    case 'approve':
      return `Give ${who} write access`;
    case 'deny':
      return `Deny ${who} write access`;
    case 'promote':
      return `Make ${who} a writer`;
    case 'demote':
      return `Make ${who} a viewer`;
    case 'kick':
      return client.kind === 'web' ? `Remove ${who}` : `Detach ${who}`;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

/**
 * The row keeps its buttons for its whole life and only shows or hides them, so a presence push
 * (several a minute) never takes the keyboard focus away from a button. `act` runs an action.
 */
export function createPresenceRow(id: string, act: (action: ClientAction) => void): PresenceRow {
  const who = el('div', { className: 'presence-who' });
  const details = el('div', { className: 'presence-details' });
  const button = (action: ClientAction): HTMLButtonElement => {
    const node = el('button', {
      text: BUTTON_TEXT[action],
      attrs: { type: 'button', 'data-testid': `presence-${action}` },
    });
    node.addEventListener('click', () => act(action));
    return node;
  };
  const buttons: Record<ClientAction, HTMLButtonElement> = {
    approve: button('approve'),
    deny: button('deny'),
    promote: button('promote'),
    demote: button('demote'),
    kick: button('kick'),
  };
  const request = el('div', { className: 'presence-request' }, [
    el('span', { text: 'asks for write access' }),
    buttons.approve,
    buttons.deny,
  ]);
  const controls = el('div', { className: 'presence-actions' }, [
    buttons.promote,
    buttons.demote,
    buttons.kick,
  ]);
  const element = el(
    'li',
    {
      className: 'presence-client',
      attrs: { 'data-client-id': id, 'data-testid': 'presence-client' },
    },
    [who, details, request, controls],
  );

  return {
    element,
    update({ client, isSelf, actions, busy }) {
      who.replaceChildren(...whoParts(client, isSelf));

      const detailParts = factParts(client);
      details.replaceChildren(...detailParts);
      details.hidden = detailParts.length === 0;
      details.title =
        client.since === undefined ? '' : `since ${new Date(client.since).toLocaleString()}`;

      for (const action of CLIENT_ACTIONS) {
        const node = buttons[action];
        node.hidden = !actions.includes(action);
        node.setAttribute('aria-disabled', String(busy));
        node.setAttribute('aria-label', buttonLabel(action, client));
      }
      request.hidden = client.wantsWrite !== true;
      controls.hidden = !CONTROL_ACTIONS.some((action) => actions.includes(action));
    },
  };
}

/** Who the client is: name (in full on hover), "(you)", kind, role badge, guest. */
function whoParts(client: PresenceClient, isSelf: boolean): Node[] {
  // The full name on hover: long ones are cut short with an ellipsis.
  const user = el('span', { className: 'presence-user', text: client.user });
  user.title = client.user;
  const parts: Node[] = [user];
  if (isSelf) parts.push(el('span', { className: 'presence-you', text: '(you)' }));
  parts.push(
    el('span', {
      className: 'presence-kind',
      text: kindLabel(client.kind),
      attrs: { 'data-kind': client.kind },
    }),
    el('span', {
      className: 'role-badge',
      text: client.role,
      attrs: { 'data-role': client.role },
    }),
  );
  if (client.guest === true) parts.push(el('span', { className: 'presence-guest', text: 'guest' }));
  return parts;
}

/** What owners see about a client: size, idle time, tty, and whether its output is skipped. */
function factParts(client: PresenceClient): Node[] {
  const facts = [sizeText(client), idleText(client.idleSeconds), client.tty].filter(
    (fact): fact is string => fact !== undefined,
  );
  const parts: Node[] = facts.map((fact) => el('span', { text: fact }));
  if (client.behind === true) {
    parts.push(
      el('span', {
        className: 'presence-behind',
        text: 'behind',
        attrs: {
          title: 'Its output is being skipped: it cannot keep up (slow link, frozen tab).',
        },
      }),
    );
  }
  return parts;
}
