// The HTTP API's contract, in one table: every JSON endpoint with its request and response schemas.
// The page parses answers with these schemas; the gateway's routes validate bodies with them.

import { audit, authMethods, health, login, logout, me, ready, sessions } from './api/account.js';
import { listPanes, paneHistory } from './api/history.js';
import { createLink, joinLink, listLinks, revokeLink } from './api/links.js';
import { listRecordings, recordingStatus, setRecording } from './api/recordings.js';
import type { ApiRoute } from './api/route.js';
import * as sessionClients from './api/sessionClients.js';

export {
  apiPath,
  API_PREFIX,
  errorBodySchema,
  type ApiRoute,
  type ErrorBody,
  type ResponseOf,
} from './api/route.js';

/** Every JSON endpoint, by name. A route the gateway serves that is not here fails a test. */
export const api = {
  login,
  logout,
  me,
  sessions,
  authMethods,
  health,
  ready,
  audit,
  ...sessionClients,
  createLink,
  listLinks,
  revokeLink,
  joinLink,
  recordingStatus,
  setRecording,
  listRecordings,
  listPanes,
  paneHistory,
} as const;

export const API_ROUTES: readonly ApiRoute[] = Object.values(api);
