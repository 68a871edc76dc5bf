// Recording over HTTP, for owners only: turn it on or off, list a session's recordings, and
// fetch one as an asciicast file (to play in the browser, or to download).

import express, { type Router } from 'express';
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { Authenticator } from '../auth/authenticator.js';
import { HttpError } from './errors.js';
import { validationMessage } from '../validation.js';
import { ownedSession } from './ownedSession.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import type { RecordingManager } from '../recording/recordingManager.js';

export const ASCIICAST_CONTENT_TYPE = 'application/x-asciicast';

const toggleSchema = z.strictObject({ enabled: z.boolean() });

export interface RecordingRouteContext {
  sessions: SessionRegistry;
  auth: Authenticator;
  recordings: RecordingManager;
}

const NO_SUCH_RECORDING = () => new HttpError(404, 'unknown_recording', 'No such recording.');

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** API: mounted under /api. */
export function recordingApi(context: RecordingRouteContext): Router {
  const router = express.Router();
  const owned = (req: express.Request) => ownedSession(req, context.sessions, context.auth);

  router.get('/sessions/:name/recording', (req, res) => {
    const { session } = owned(req);
    res.json(context.recordings.status(session.name) ?? { enabled: false, active: false });
  });

  router.post('/sessions/:name/recording', (req, res) => {
    const { identity, session } = owned(req);
    const body = toggleSchema.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'invalid_body', validationMessage(body.error));
    const status = context.recordings.setEnabled(session.name, body.data.enabled, identity.name);
    if (!status) throw new HttpError(404, 'unknown_session', 'No such session.');
    res.json(status);
  });

  router.get('/sessions/:name/recordings', async (req, res) => {
    const { session } = owned(req);
    res.json(await context.recordings.list(session.name));
  });

  router.get('/sessions/:name/recordings/:id', async (req, res) => {
    const { session } = owned(req);
    const id = String(req.params.id);
    const path = context.recordings.path(session.name, id);
    if (path === undefined || !(await isFile(path))) throw NO_SUCH_RECORDING();
    if (req.query.download === '1') res.attachment(`${session.name}-${id}.cast`);
    res.type(ASCIICAST_CONTENT_TYPE);
    await new Promise<void>((resolve, reject) => {
      res.sendFile(path, { acceptRanges: false, lastModified: false }, (error) => {
        // A download cut short by the browser is not the gateway's error.
        if (!error || res.headersSent) {
          resolve();
          return;
        }
        // Removed meanwhile (retention): answer as for any unknown id, as JSON.
        res.removeHeader('Content-Type');
        res.removeHeader('Content-Disposition');
        reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? NO_SUCH_RECORDING() : error);
      });
    });
  });

  return router;
}
