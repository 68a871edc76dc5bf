// Owners' control over a session's clients: list them, kick one (web or native), change a web
// client's role live, and answer a viewer's request for write access.

import express, { type Request, type Response, type Router } from 'express';
import { identityFields } from '../auth/auditFields.js';
import type { AuditLog } from '../audit.js';
import type { Authenticator } from '../auth/authenticator.js';
import { NATIVE_ID_PREFIX, sessionPresence } from '../sessions/presence.js';
import type { LiveSession, SessionMember, SessionRegistry } from '../sessions/sessionRegistry.js';
import { detachClient, listSessionClients } from '../tmux/clients.js';
import { api } from '../../shared/httpApi.js';
import { parseBody, reply, underApi } from './apiRoute.js';
import { HttpError } from './errors.js';
import { ownedSession } from './ownedSession.js';

export interface ClientRouteContext {
  sessions: SessionRegistry;
  auth: Authenticator;
  audit: AuditLog;
}

function webMember(session: LiveSession, id: string): SessionMember {
  const member = session.findMember(id);
  if (!member) throw new HttpError(404, 'unknown_client', 'No such client in this session.');
  return member;
}

/** Records that `by` changed a web client's role (from an owner's action). */
function auditRoleChange(
  audit: AuditLog,
  by: string,
  session: LiveSession,
  member: SessionMember,
  change: { from: string; to: string },
): void {
  audit.write({
    event: 'role-change',
    by,
    session: session.name,
    ...identityFields(member.identity),
    client: member.clientId,
    ...change,
  });
}

export function clientApi(context: ClientRouteContext): Router {
  const router = express.Router();
  const owned = (req: express.Request) => ownedSession(req, context.sessions, context.auth);

  router.get(underApi(api.listClients), async (req, res) => {
    const { session } = owned(req);
    reply(res, api.listClients, await sessionPresence(session));
  });

  router.delete(underApi(api.kickClient), async (req, res) => {
    const { identity, session } = owned(req);
    const id = String(req.params.id);
    if (id.startsWith(NATIVE_ID_PREFIX)) {
      const pid = Number(id.slice(NATIVE_ID_PREFIX.length));
      const clients = await listSessionClients(session.tmux, session.config.target).catch(() => []);
      const ours = new Set([
        ...[...session.members].map((member) => member.attachPid),
        ...session.internalClientPids,
      ]);
      const target = clients.find((client) => client.pid === pid && !ours.has(client.pid));
      if (!target) throw new HttpError(404, 'unknown_client', 'No such client in this session.');
      await detachClient(session.tmux, target.tty);
      context.audit.write({
        event: 'kick',
        by: identity.name,
        session: session.name,
        user: target.user,
        tty: target.tty,
        client: id,
      });
    } else {
      const member = webMember(session, id);
      context.audit.write({
        event: 'kick',
        by: identity.name,
        session: session.name,
        ...identityFields(member.identity),
        client: id,
        role: member.role,
      });
      member.end('kicked', `${identity.name} removed you from this session.`);
    }
    session.changed();
    res.status(204).end();
  });

  router.put(underApi(api.setClientRole), (req, res) => changeRole(context, req, res));
  router.post(underApi(api.answerWriteRequest), (req, res) =>
    answerWriteRequest(context, req, res),
  );

  return router;
}

/** PUT …/clients/:id/role: an owner makes a web client a viewer or a writer, live. */
async function changeRole(context: ClientRouteContext, req: Request, res: Response) {
  const { identity, session } = ownedSession(req, context.sessions, context.auth);
  const { role } = parseBody(api.setClientRole.body, req.body);
  const id = String(req.params.id);
  if (id.startsWith(NATIVE_ID_PREFIX)) {
    throw new HttpError(
      400,
      'native_client',
      'The role of a native tmux client is set in tmux, not here.',
    );
  }
  const member = webMember(session, id);
  if (member.role === 'owner')
    throw new HttpError(409, 'owner_client', "An owner's role cannot be changed here.");
  const from = member.role;
  await member.setRole(role);
  if (from !== role)
    auditRoleChange(context.audit, identity.name, session, member, { from, to: role });
  reply(res, api.setClientRole, { id, role: member.role });
}

/** POST …/clients/:id/write-request: an owner approves or declines a viewer's request. */
async function answerWriteRequest(context: ClientRouteContext, req: Request, res: Response) {
  const { identity, session } = ownedSession(req, context.sessions, context.auth);
  const { approve } = parseBody(api.answerWriteRequest.body, req.body);
  const id = String(req.params.id);
  const member = webMember(session, id);
  if (!member.wantsWrite)
    throw new HttpError(409, 'no_request', 'This client has not asked for write access.');
  context.audit.write({
    event: 'write-request-answered',
    by: identity.name,
    session: session.name,
    ...identityFields(member.identity),
    client: id,
    approved: approve,
  });
  if (approve) {
    const from = member.role;
    await member.setRole('writer');
    auditRoleChange(context.audit, identity.name, session, member, { from, to: 'writer' });
  } else {
    member.wantsWrite = false;
    session.changed();
  }
  reply(res, api.answerWriteRequest, { id, role: member.role });
}
