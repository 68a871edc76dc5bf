// Owner calls on a session's clients: remove one, change a web client's role, answer a write request.

import type { z } from 'zod';
import { api, apiPath } from '../../shared/httpApi.js';
import type { LiveRole } from '../../shared/roles.js';
import type { ClientAction } from '../logic/presence.js';
import { sendJson } from './http.js';

export type { LiveRole };

/** Ends a web client (it sees "removed"), or detaches a native tmux client. */
export async function kickClient(session: string, id: string): Promise<void> {
  await sendJson('DELETE', apiPath(api.kickClient, { name: session, id }));
}

export async function setClientRole(session: string, id: string, role: LiveRole): Promise<void> {
  await sendJson('PUT', apiPath(api.setClientRole, { name: session, id }), {
    role,
  } satisfies z.input<typeof api.setClientRole.body>);
}

/** Approving makes the viewer a writer; denying only clears the request. */
export async function answerWriteRequest(
  session: string,
  id: string,
  approve: boolean,
): Promise<void> {
  await sendJson('POST', apiPath(api.answerWriteRequest, { name: session, id }), {
    approve,
  } satisfies z.input<typeof api.answerWriteRequest.body>);
}

/** Runs an owner's action from the presence panel on client `id`. */
export function runClientAction(session: string, id: string, action: ClientAction): Promise<void> {
  switch (action) {
    case 'approve':
      return answerWriteRequest(session, id, true);
    case 'deny':
      return answerWriteRequest(session, id, false);
    case 'promote':
      return setClientRole(session, id, 'writer');
    case 'demote':
      return setClientRole(session, id, 'viewer');
    case 'kick':
      return kickClient(session, id);
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
