// The endpoints of shared/httpApi.ts on express: their paths under /api, bodies and queries
// checked by their schema (400 otherwise), answers typed by their response schema.

import type { Response } from 'express';
import type { z } from 'zod';
import { API_PREFIX, type ApiRoute, type ResponseOf } from '../../shared/httpApi.js';
import { validationMessage } from '../validation.js';
import { HttpError } from './errors.js';

/** The route's path inside a router mounted at /api. */
export function underApi(route: Pick<ApiRoute, 'path'>): string {
  if (!route.path.startsWith(`${API_PREFIX}/`)) throw new Error(`${route.path} is not under /api`);
  return route.path.slice(API_PREFIX.length);
}

/** `body` as the route's schema reads it; a 400 `invalid_body` saying what is wrong otherwise. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid_body', validationMessage(parsed.error));
  return parsed.data;
}

/** The query string as the route's schema reads it; a 400 `invalid_query` saying what is wrong. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'query'}: ${issue.message}`)
    .join('; ');
  throw new HttpError(400, 'invalid_query', message);
}

/** Answers with the route's success status and `body`, of the shape its schema describes. */
export function reply<R extends ApiRoute<z.ZodType | undefined, z.ZodType>>(
  res: Response,
  route: R,
  body: ResponseOf<R>,
): void {
  res.status(route.status).json(body);
}
