// The Origin check for WebSocket upgrades: only pages served by this gateway (or its publicUrl)
// may open a terminal, which stops cross-site WebSocket hijacking with a victim's cookie.

import type { IncomingMessage } from 'node:http';
import { isOwnOrigin } from '../http/ownOrigin.js';

/** Browsers always send Origin on WebSocket upgrades; a request without one is refused too. */
export function isAllowedOrigin(
  req: IncomingMessage,
  publicUrl: string | undefined,
  tls = false,
): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  return isOwnOrigin(origin, req, publicUrl, tls);
}
