// The gateway's recording endpoints (owners only): the toggle, the list, and one .cast file.

import type { z } from 'zod';
import { RECORDING_FILE_PATH } from '../../shared/api/recordings.js';
import { api, apiPath } from '../../shared/httpApi.js';
import { ApiError, getJson, sendJsonFor } from './http.js';

export type RecordingStatus = z.infer<typeof api.recordingStatus.response>;
export type RecordingSummary = z.infer<typeof api.listRecordings.response>[number];

export const fetchRecordingStatus = (session: string): Promise<RecordingStatus> =>
  getJson(apiPath(api.recordingStatus, { name: session }), api.recordingStatus.response);

export const setRecording = (session: string, enabled: boolean): Promise<RecordingStatus> =>
  sendJsonFor(
    'POST',
    apiPath(api.setRecording, { name: session }),
    { enabled } satisfies z.input<typeof api.setRecording.body>,
    api.setRecording.response,
  );

export const fetchRecordings = (session: string): Promise<RecordingSummary[]> =>
  getJson(apiPath(api.listRecordings, { name: session }), api.listRecordings.response);

/** The URL of a recording's file; with `download`, the browser saves it instead. */
export function recordingUrl(session: string, id: string, download = false): string {
  const path = apiPath({ path: RECORDING_FILE_PATH }, { name: session, id });
  return `${path}${download ? '?download=1' : ''}`;
}

/** The .cast file's text. */
export async function fetchRecording(session: string, id: string): Promise<string> {
  const response = await fetch(recordingUrl(session, id), { credentials: 'same-origin' });
  if (!response.ok) {
    throw new ApiError(response.status, `http_${String(response.status)}`, response.statusText);
  }
  return response.text();
}
