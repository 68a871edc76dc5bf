// The check every owner-only endpoint makes: signed in (401), the session exists and this user
// has a role on it (404 — the same answer for sessions that exist but are not theirs), owner (403).

import type { Request } from 'express';
import { isValidName } from '../../shared/names.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Identity } from '../auth/identity.js';
import { roleFor } from '../sessions/access.js';
import type { LiveSession, SessionRegistry } from '../sessions/sessionRegistry.js';
import { HttpError, signInFirst } from './errors.js';

export function ownedSession(
  req: Request,
  sessions: SessionRegistry,
  auth: Authenticator,
): { identity: Identity; session: LiveSession } {
  const identity = auth.identity(req);
  if (!identity) throw signInFirst();
  const name = String(req.params.name);
  const session = isValidName(name) ? sessions.get(name) : undefined;
  const role = session ? roleFor(session.config, identity) : undefined;
  if (!session || !role) throw new HttpError(404, 'unknown_session', 'No such session.');
  if (role !== 'owner')
    throw new HttpError(403, 'forbidden', 'Only owners of this session can do that.');
  return { identity, session };
}
