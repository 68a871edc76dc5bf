// Security headers and the Content-Security-Policy the built client satisfies (no inline scripts).

import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** With TLS served directly, browsers are told to keep to https for half a year. */
const HSTS_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security: only when this gateway itself serves TLS. */
  hsts: boolean;
}

export function securityHeaders(options: SecurityHeaderOptions = { hsts: false }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // xterm.js creates <style> elements at run time for its theme and cell sizes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Plain http on loopback by default; behind a proxy, HSTS belongs to the TLS front. Without
    // includeSubDomains: the gateway does not speak for its parent domain's other hosts.
    strictTransportSecurity: options.hsts
      ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false }
      : false,
  });
}
