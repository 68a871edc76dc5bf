// What one HTTP endpoint of the JSON API is: method, path, request body and response schemas.

import type { z } from 'zod';
import { z as zod } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Every JSON endpoint but the probes lives under this prefix. */
export const API_PREFIX = '/api';

/**
 * One endpoint. `path` is the full path with express-style `:param` segments; `body` validates
 * what the client sends, `response` what the gateway answers with `status` (none: no body).
 */
export interface ApiRoute<
  Body extends z.ZodType | undefined = z.ZodType | undefined,
  Response extends z.ZodType | undefined = z.ZodType | undefined,
> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly status: number;
  readonly body: Body;
  readonly response: Response;
  /** The query string's parameters, for endpoints that take any. */
  readonly query?: z.ZodType;
}

/** Declares an endpoint, keeping its schemas' types. */
export function apiRoute<
  Body extends z.ZodType | undefined,
  Response extends z.ZodType | undefined,
>(route: ApiRoute<Body, Response>): ApiRoute<Body, Response> {
  return route;
}

/** What the gateway answers for `route`, as it builds it (before the client parses it). */
export type ResponseOf<R extends ApiRoute> = R['response'] extends z.ZodType
  ? z.input<R['response']>
  : never;

/** `{ "error": { "code", "message" } }`: the body of every error answer (PRODUCT.md). */
export const errorBodySchema = zod.strictObject({
  error: zod.strictObject({ code: zod.string(), message: zod.string() }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** `route`'s path with each `:param` replaced by its value, percent-encoded. */
export function apiPath(
  route: Pick<ApiRoute, 'path'>,
  params: Record<string, string> = {},
): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_segment, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route.path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}
