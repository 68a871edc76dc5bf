// Recording endpoints (owners only): the toggle, the list; the .cast file itself is not JSON.

import { z } from 'zod';
import { apiRoute } from './route.js';

const statusSchema = z.strictObject({
  /** Recording is on for this session (it records whenever the session runs). */
  enabled: z.boolean(),
  /** A file is being written right now. */
  active: z.boolean(),
});

/** `GET /api/sessions/:name/recording`: whether recording is on, and writing now. */
export const recordingStatus = apiRoute({
  method: 'GET',
  path: '/api/sessions/:name/recording',
  status: 200,
  body: undefined,
  response: statusSchema,
});

/** `POST /api/sessions/:name/recording`: turns recording on or off; answers the new status. */
export const setRecording = apiRoute({
  method: 'POST',
  path: '/api/sessions/:name/recording',
  status: 200,
  body: z.strictObject({ enabled: z.boolean() }),
  response: statusSchema,
});

/** `GET /api/sessions/:name/recordings`: the session's recordings, oldest first. */
export const listRecordings = apiRoute({
  method: 'GET',
  path: '/api/sessions/:name/recordings',
  status: 200,
  body: undefined,
  response: z.array(
    z.strictObject({
      id: z.string(),
      startedAt: z.string(),
      /** When its last event happened; absent while it is still being written. */
      endedAt: z.string().optional(),
      bytes: z.number().int().min(0),
      durationSeconds: z.number().min(0),
    }),
  ),
});

/**
 * `GET /api/sessions/:name/recordings/:id[?download=1]`: one recording as an asciicast file
 * (`application/x-asciicast`), not JSON; its errors are JSON like every other.
 */
export const RECORDING_FILE_PATH = '/api/sessions/:name/recordings/:id';
export const ASCIICAST_CONTENT_TYPE = 'application/x-asciicast';
