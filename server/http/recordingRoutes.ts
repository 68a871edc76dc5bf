// Recording over HTTP, for owners only: turn it on or off, list a session's recordings, and
// fetch one as an asciicast file (to play in the browser, or to download).

import express, { type Router } from 'express';
import { stat } from 'node:fs/promises';
import { ASCIICAST_CONTENT_TYPE, RECORDING_FILE_PATH } from '../../shared/api/recordings.js';
import { api } from '../../shared/httpApi.js';
import type { Authenticator } from '../auth/authenticator.js';
import { parseBody, reply, underApi } from './apiRoute.js';
import { HttpError } from './errors.js';
import { ownedSession } from './ownedSession.js';
import type { SessionRegistry } from '../sessions/sessionRegistry.js';
import type { RecordingManager } from '../recording/recordingManager.js';

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

  router.get(underApi(api.recordingStatus), (req, res) => {
    const { session } = owned(req);
    const status = context.recordings.status(session.name) ?? { enabled: false, active: false };
    reply(res, api.recordingStatus, status);
  });

  router.post(underApi(api.setRecording), (req, res) => {
    const { identity, session } = owned(req);
    const { enabled } = parseBody(api.setRecording.body, req.body);
    const status = context.recordings.setEnabled(session.name, enabled, identity.name);
    if (!status) throw new HttpError(404, 'unknown_session', 'No such session.');
    reply(res, api.setRecording, status);
  });

  router.get(underApi(api.listRecordings), async (req, res) => {
    const { session } = owned(req);
    reply(res, api.listRecordings, await context.recordings.list(session.name));
  });

  router.get(underApi({ path: RECORDING_FILE_PATH }), async (req, res) => {
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
