// Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE; logout and
// login included) made by a page of another origin, on another site or on the same one, is
// refused with 403. Requests without Origin (curl, scripts) pass unless Sec-Fetch-Site says a
// page of another origin sent them.

import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { sendError } from './errors.js';

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sec-Fetch-Site values of requests this gateway's own pages (`same-origin`) or the user
 * (`none`: typed, bookmarked) made. `same-site` is refused: another origin on the same site is
 * exactly the attack (a sibling subdomain's form posting to /api/logout).
 */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

/** An Origin is logged no longer than this (a scheme, a 253-character name and a port). */
const MAX_LOGGED_ORIGIN_CHARS = 280;

export type OriginVerdict = 'allowed' | 'foreign-origin' | 'foreign-fetch-site';

/** Whether a request of `method` with these headers may change state here (pure; unit tested). */
export function stateChangeVerdict(
  method: string,
  origin: string | undefined,
  fetchSite: string | undefined,
  isOwnOrigin: (origin: string) => boolean,
): OriginVerdict {
  if (!STATE_CHANGING_METHODS.has(method.toUpperCase())) return 'allowed';
  if (origin !== undefined) return isOwnOrigin(origin) ? 'allowed' : 'foreign-origin';
  if (fetchSite === undefined) return 'allowed';
  return OWN_FETCH_SITES.has(fetchSite.toLowerCase()) ? 'allowed' : 'foreign-fetch-site';
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The middleware: answers 403 `bad_origin` to a state-changing request from another origin. */
export function originCheck(
  isOwnOrigin: (origin: string, req: IncomingMessage) => boolean,
  log: Logger,
): RequestHandler {
  return (req, res, next) => {
    const origin = singleHeader(req.headers.origin);
    const fetchSite = singleHeader(req.headers['sec-fetch-site']);
    const verdict = stateChangeVerdict(req.method, origin, fetchSite, (value) =>
      isOwnOrigin(value, req),
    );
    if (verdict === 'allowed') {
      next();
      return;
    }
    log.warn('request_refused', {
      reason: verdict,
      method: req.method,
      path: req.path,
      origin: origin?.slice(0, MAX_LOGGED_ORIGIN_CHARS) ?? null,
      fetchSite: fetchSite?.slice(0, MAX_LOGGED_ORIGIN_CHARS) ?? null,
    });
    sendError(res, 403, 'bad_origin', 'Requests from other sites may not change anything here.');
  };
}
