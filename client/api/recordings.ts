// The gateway's recording endpoints (owners only): the toggle, the list, and one .cast file.

import { z } from 'zod';
import { ApiError, getJson, sendJsonFor } from './http.js';

const statusSchema = z.object({ enabled: z.boolean(), active: z.boolean() });
export type RecordingStatus = z.infer<typeof statusSchema>;

const listSchema = z.array(
  z.object({
    id: z.string(),
    startedAt: z.string(),
    endedAt: z.string().optional(),
    bytes: z.number().int().min(0),
    durationSeconds: z.number().min(0),
  }),
);
export type RecordingSummary = z.infer<typeof listSchema>[number];

const base = (session: string) => `/api/sessions/${encodeURIComponent(session)}`;

export const fetchRecordingStatus = (session: string): Promise<RecordingStatus> =>
  getJson(`${base(session)}/recording`, statusSchema);

export const setRecording = (session: string, enabled: boolean): Promise<RecordingStatus> =>
  sendJsonFor('POST', `${base(session)}/recording`, { enabled }, statusSchema);

export const fetchRecordings = (session: string): Promise<RecordingSummary[]> =>
  getJson(`${base(session)}/recordings`, listSchema);

/** The URL of a recording's file; with `download`, the browser saves it instead. */
export function recordingUrl(session: string, id: string, download = false): string {
  return `${base(session)}/recordings/${encodeURIComponent(id)}${download ? '?download=1' : ''}`;
}

/** The .cast file's text. */
export async function fetchRecording(session: string, id: string): Promise<string> {
  const response = await fetch(recordingUrl(session, id), { credentials: 'same-origin' });
  if (!response.ok) {
    throw new ApiError(response.status, `http_${String(response.status)}`, response.statusText);
  }
  return response.text();
}
