// Owners' endpoints on a session's clients: list them, kick one, change a role, answer a request.

import { z } from 'zod';
import { presenceClientSchema } from '../protocol.js';
import { LIVE_ROLES, ROLES } from '../roles.js';
import { apiRoute } from './route.js';

/** What a role change or an answered write request leaves the web client as. */
const clientRoleSchema = z.strictObject({ id: z.string(), role: z.enum(ROLES) });

/** `GET /api/sessions/:name/clients`: every client, web first, then native tmux clients. */
export const listClients = apiRoute({
  method: 'GET',
  path: '/api/sessions/:name/clients',
  status: 200,
  body: undefined,
  response: z.array(presenceClientSchema),
});

/** `DELETE /api/sessions/:name/clients/:id`: ends a web client, or detaches a native one. */
export const kickClient = apiRoute({
  method: 'DELETE',
  path: '/api/sessions/:name/clients/:id',
  status: 204,
  body: undefined,
  response: undefined,
});

/** `PUT /api/sessions/:name/clients/:id/role`: a web client becomes a viewer or a writer, live. */
export const setClientRole = apiRoute({
  method: 'PUT',
  path: '/api/sessions/:name/clients/:id/role',
  status: 200,
  body: z.strictObject({ role: z.enum(LIVE_ROLES) }),
  response: clientRoleSchema,
});

/** `POST /api/sessions/:name/clients/:id/write-request`: approving makes the viewer a writer. */
export const answerWriteRequest = apiRoute({
  method: 'POST',
  path: '/api/sessions/:name/clients/:id/write-request',
  status: 200,
  body: z.strictObject({ approve: z.boolean() }),
  response: clientRoleSchema,
});
