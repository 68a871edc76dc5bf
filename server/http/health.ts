// GET /readyz: whether this gateway can serve terminals now (config loaded, tmux runnable, not
// shutting down). /healthz (alive) lives with the API routes.

import express, { type Router } from 'express';
import type { TmuxProbe } from '../tmux/tmuxProbe.js';
import { api } from '../../shared/httpApi.js';
import { reply } from './apiRoute.js';
import { sendError } from './errors.js';

export interface ReadinessContext {
  tmux: TmuxProbe;
  /** True once close() has begun: load balancers should stop sending new browsers. */
  closing: () => boolean;
}

export function readinessRoutes(context: ReadinessContext): Router {
  const router = express.Router();
  // Only reachable once createServer() has a validated configuration, so that check is implied.
  router.get(api.ready.path, async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (context.closing()) {
      sendError(res, 503, 'shutting_down', 'The gateway is shutting down.');
      return;
    }
    const tmux = await context.tmux.check();
    if (!tmux.ok) {
      sendError(res, 503, 'tmux_unavailable', tmux.reason);
      return;
    }
    reply(res, api.ready, { status: 'ready' });
  });
  return router;
}
