// Requests the control socket answers. Whoever can connect is the gateway's own Unix user, so
// these act as an administrator: create and revoke links of any configured session.

import express, { type Express } from 'express';
import { z } from 'zod';
import { isValidName } from '../../shared/names.js';
import { errorHandler, HttpError } from '../http/errors.js';
import {
  MAX_LINK_TTL_SECONDS,
  MIN_LINK_TTL_SECONDS,
  newLinkSchema,
} from '../../shared/api/links.js';
import { PairError, type PairManager } from '../pair/pairManager.js';
import type { LinkService } from '../links/linkService.js';
import type { Logger } from '../log.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import { validationMessage } from '../validation.js';

const controlLinkSchema = newLinkSchema.extend({ session: z.string() });
const pairSchema = z.strictObject({
  ttlSeconds: z.number().int().min(MIN_LINK_TTL_SECONDS).max(MAX_LINK_TTL_SECONDS),
  group: z.string().max(32).nullable().optional(),
});

export interface ControlContext {
  sessions: SessionRegistry;
  links: LinkService;
  pairs: PairManager;
  baseUrl: () => string;
  /** Recorded as `by` in the audit log. */
  actor: string;
  log: Logger;
}

export function controlApp(context: ControlContext): Express {
  const app = express();
  app.use(express.json({ limit: '16kb' }));

  app.post('/links', async (req, res) => {
    const body = controlLinkSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'invalid_body', validationMessage(body.error));
    const { session: name, role, ttlSeconds, maxUses, history } = body.data;
    if (!isValidName(name) || !context.sessions.get(name)) {
      throw new HttpError(404, 'unknown_session', `no session named "${name}" in this gateway`);
    }
    const created = await context.links.create(
      name,
      { role, ttlSeconds, maxUses: maxUses ?? null, history: history ?? true },
      context.actor,
    );
    res.status(201).json({
      id: created.id,
      url: `${context.baseUrl()}/join/${created.token}`,
      expiresAt: created.expiresAt,
    });
  });

  app.delete('/links/:id', async (req, res) => {
    if (!(await context.links.revoke(String(req.params.id), context.actor))) {
      throw new HttpError(404, 'unknown_link', `no active link with id "${String(req.params.id)}"`);
    }
    res.status(204).end();
  });

  app.post('/pair', async (req, res) => {
    const body = pairSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'invalid_body', validationMessage(body.error));
    let pair;
    try {
      pair = await context.pairs.create(
        body.data.ttlSeconds,
        body.data.group ?? null,
        context.actor,
      );
    } catch (error) {
      if (error instanceof PairError) throw new HttpError(400, 'invalid_pair', error.message);
      throw error;
    }
    res.status(201).json({
      session: pair.name,
      socket: pair.socket,
      expiresAt: pair.expiresAt,
      writerUrl: `${context.baseUrl()}/join/${pair.writerToken}`,
      viewerUrl: `${context.baseUrl()}/join/${pair.viewerToken}`,
    });
  });

  app.use(() => {
    throw new HttpError(404, 'not_found', 'No such control request.');
  });
  app.use(errorHandler(context.log));
  return app;
}
