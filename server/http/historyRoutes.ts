// History over HTTP: the panes of a session and pages of one pane's history, for anyone with a
// role on the session (guests only on theirs), unless history is off for it or for their link.

import express, { type Request, type Router } from 'express';
import { PANE_ID_PATTERN, historyQuerySchema } from '../../shared/api/history.js';
import { api } from '../../shared/httpApi.js';
import { isValidName } from '../../shared/names.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Identity } from '../auth/identity.js';
import { historyAllowed } from '../history/historyAccess.js';
import { HistoryError } from '../history/historyError.js';
import type { HistoryReader, HistoryService } from '../history/historyService.js';
import { roleFor } from '../sessions/access.js';
import type { LiveSession, SessionRegistry } from '../sessions/sessionRegistry.js';
import { parseQuery, reply, underApi } from './apiRoute.js';
import { HttpError, signInFirst } from './errors.js';

export interface HistoryRouteContext {
  sessions: SessionRegistry;
  auth: Authenticator;
  history: HistoryService;
  /** Whether the guests of share link `id` may read history (links/linkService.ts). */
  linkAllowsHistory: (linkId: string) => boolean;
}

const NO_SUCH_SESSION = () => new HttpError(404, 'unknown_session', 'No such session.');

/** Signed in (401), a role on the session (404 otherwise), history on for them (403). */
function readableSession(
  req: Request,
  context: HistoryRouteContext,
): { session: LiveSession; reader: HistoryReader } {
  const authenticated = context.auth.authenticate(req);
  if (!authenticated) throw signInFirst();
  const { identity, login } = authenticated;
  const name = String(req.params.name);
  const session = isValidName(name) ? context.sessions.get(name) : undefined;
  if (!session || !roleFor(session.config, identity)) throw NO_SUCH_SESSION();
  if (!historyAllowed(session.config, identity, context.linkAllowsHistory)) {
    throw new HttpError(403, 'history_off', 'History is off for this session or this link.');
  }
  return { session, reader: readerOf(identity, login?.id) };
}

function readerOf(identity: Identity, loginId: string | undefined): HistoryReader {
  return {
    login: loginId ?? `${identity.kind}:${identity.name}`,
    user: identity.name,
    kind: identity.kind,
  };
}

/** A HistoryError as the HTTP answer it stands for; anything else unchanged. */
function asHttpError(error: unknown): unknown {
  if (!(error instanceof HistoryError)) return error;
  const headers: Record<string, string> =
    error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(error.retryAfterSeconds) };
  return new HttpError(error.status, error.code, error.message, headers);
}

/** API: mounted under /api. */
export function historyApi(context: HistoryRouteContext): Router {
  const router = express.Router();

  router.get(underApi(api.listPanes), async (req, res) => {
    const { session, reader } = readableSession(req, context);
    try {
      context.history.admit(reader);
      const panes = await context.history.panes(session);
      reply(res, api.listPanes, { panes, pageLines: context.history.pageLines });
    } catch (error) {
      throw asHttpError(error);
    }
  });

  router.get(underApi(api.paneHistory), async (req, res) => {
    const { session, reader } = readableSession(req, context);
    const paneId = String(req.params.paneId);
    try {
      context.history.admit(reader);
      const query = parseQuery(historyQuerySchema, req.query);
      if (!PANE_ID_PATTERN.test(paneId)) {
        throw new HttpError(404, 'unknown_pane', 'No such pane in this session.');
      }
      reply(res, api.paneHistory, await context.history.page(session, paneId, query, reader));
    } catch (error) {
      throw asHttpError(error);
    }
  });

  return router;
}
