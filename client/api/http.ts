// JSON helpers for the gateway's HTTP API: bodies validated by shared/httpApi.ts, errors as ApiError.

import type { z } from 'zod';
import { api, errorBodySchema } from '../../shared/httpApi.js';

/** A failed API call: the HTTP status plus the gateway's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** `GET /api/me`: who is signed in. */
export type Me = z.infer<typeof api.me.response>;

/** `GET /api/sessions`: one of the sessions this user may open. */
export type SessionSummary = z.infer<typeof api.sessions.response>[number];

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): keep the status line.
  }
  const parsed = errorBodySchema.safeParse(body);
  return parsed.success
    ? new ApiError(response.status, parsed.data.error.code, parsed.data.error.message)
    : new ApiError(response.status, `http_${String(response.status)}`, response.statusText);
}

async function request(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function validBody<T>(response: Response, path: string, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // Not JSON: reported as an unexpected answer below.
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(response.status, 'bad_response', `unexpected answer from ${path}`);
  }
  return parsed.data;
}

/** GETs `path` and returns its JSON body, validated by `schema`. */
export async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  return validBody(await request('GET', path), path, schema);
}

/** Sends `body` as JSON with `method` and returns the JSON answer, validated by `schema`. */
export async function sendJsonFor<T>(
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
  schema: z.ZodType<T>,
): Promise<T> {
  return validBody(await request(method, path, body), path, schema);
}

/** Sends `body` as JSON with `method`; resolves once the gateway answered with a 2xx status. */
export async function sendJson(
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<void> {
  await request(method, path, body);
}

export const fetchMe = (): Promise<Me> => getJson(api.me.path, api.me.response);
export const fetchSessions = (): Promise<SessionSummary[]> =>
  getJson(api.sessions.path, api.sessions.response);
