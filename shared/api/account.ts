// Endpoints about the person and the gateway: sign-in, who am I, my sessions, probes, audit.

import { z } from 'zod';
import { authMethodsSchema } from '../authMethods.js';
import { ROLES } from '../roles.js';
import { apiRoute } from './route.js';

const IDENTITY_KINDS = ['local', 'guest', 'oidc', 'proxy'] as const;

/** `POST /api/login`: 204 and a login cookie; 401 on bad credentials, 429 when rate limited. */
export const login = apiRoute({
  method: 'POST',
  path: '/api/login',
  status: 204,
  body: z.strictObject({
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(4096),
  }),
  response: undefined,
});

/** `POST /api/logout`: ends the login (and every terminal it opened); 204 signed in or not. */
export const logout = apiRoute({
  method: 'POST',
  path: '/api/logout',
  status: 204,
  body: undefined,
  response: undefined,
});

/** `GET /api/me`: who is signed in. */
export const me = apiRoute({
  method: 'GET',
  path: '/api/me',
  status: 200,
  body: undefined,
  response: z.strictObject({ name: z.string(), kind: z.enum(IDENTITY_KINDS), admin: z.boolean() }),
});

/** `GET /api/sessions`: the sessions this user may open, with their role and browsers + natives. */
export const sessions = apiRoute({
  method: 'GET',
  path: '/api/sessions',
  status: 200,
  body: undefined,
  response: z.array(
    z.strictObject({
      name: z.string(),
      role: z.enum(ROLES),
      alive: z.boolean(),
      clients: z.number().int().min(0),
    }),
  ),
});

/** `GET /api/auth/methods` (public): the sign-in methods the login page offers. */
export const authMethods = apiRoute({
  method: 'GET',
  path: '/api/auth/methods',
  status: 200,
  body: undefined,
  response: authMethodsSchema,
});

/** `GET /healthz`: 200 while the process serves. */
export const health = apiRoute({
  method: 'GET',
  path: '/healthz',
  status: 200,
  body: undefined,
  response: z.strictObject({ status: z.literal('ok') }),
});

/** `GET /readyz`: 200 when terminals can be served now; 503 shutting down or without tmux. */
export const ready = apiRoute({
  method: 'GET',
  path: '/readyz',
  status: 200,
  body: undefined,
  response: z.strictObject({ status: z.literal('ready') }),
});

/** Audit times in a query: ISO 8601, and short. */
const isoTime = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 time');

/** The audit query: one session's records, from `since` until `until` (each optional). */
export const auditQuerySchema = z.strictObject({
  session: z.string().max(64).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
});

/** `GET /api/audit?session=&since=&until=` (administrators): matching records, newest last. */
export const audit = apiRoute({
  method: 'GET',
  path: '/api/audit',
  status: 200,
  body: undefined,
  query: auditQuerySchema,
  // Each record keeps the fields of its event (docs/audit.md); every one has these two.
  response: z.array(z.looseObject({ time: z.string(), event: z.string() })),
});
