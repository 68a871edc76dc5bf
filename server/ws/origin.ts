// The Origin check for WebSocket upgrades: only pages served by this gateway (or its publicUrl)
// may open a terminal, which stops cross-site WebSocket hijacking with a victim's cookie.

import type { IncomingMessage } from 'node:http';

export function allowedOrigins(
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

/** Browsers always send Origin on WebSocket upgrades; a request without one is refused too. */
export function isAllowedOrigin(
  req: IncomingMessage,
  publicUrl: string | undefined,
  tls = false,
): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  return allowedOrigins(req, publicUrl, tls).has(origin.toLowerCase());
}
