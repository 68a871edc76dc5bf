// The gateway's own origins: that of the request's Host (already checked by hostCheck.ts) and
// publicUrl's. Pages of any other origin may not change state here or open a terminal.

import type { IncomingMessage } from 'node:http';

export function ownOrigins(
  req: IncomingMessage,
  publicUrl: string | undefined,
  tls: boolean,
): Set<string> {
  const origins = new Set<string>();
  const host = req.headers.host;
  if (host) origins.add(`${tls ? 'https' : 'http'}://${host.toLowerCase()}`);
  if (publicUrl) origins.add(new URL(publicUrl).origin);
  return origins;
}

/** Whether `origin` (an Origin header's value) is one of the gateway's own. */
export function isOwnOrigin(
  origin: string,
  req: IncomingMessage,
  publicUrl: string | undefined,
  tls: boolean,
): boolean {
  return ownOrigins(req, publicUrl, tls).has(origin.toLowerCase());
}
