// Asks the HTTP API why a terminal WebSocket could not open (the browser cannot tell): signed out,
// no access to the session, or neither (then retrying can help).

import { ApiError, fetchMe, fetchSessions } from './http.js';

export type AccessProblem = 'unauthorized' | 'forbidden';

/** What keeps this browser from `session`; undefined when nothing does (or the gateway is away). */
export async function sessionAccessProblem(session: string): Promise<AccessProblem | undefined> {
  try {
    await fetchMe();
    const sessions = await fetchSessions();
    return sessions.some((s) => s.name === session) ? undefined : 'forbidden';
  } catch (error) {
    // A network error means the gateway is away (restarting, say): keep retrying.
    return error instanceof ApiError && error.status === 401 ? 'unauthorized' : undefined;
  }
}
