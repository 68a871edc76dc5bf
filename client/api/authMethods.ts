// `GET /api/auth/methods`: how people may sign in here, for the login and front pages.

import type { AuthMethods } from '../../shared/authMethods.js';
import { api } from '../../shared/httpApi.js';
import { getJson } from './http.js';

/** If the gateway cannot say, offer the password form: it answers clearly when it is off. */
const FALLBACK_METHODS: AuthMethods = { local: true, proxyOnly: false, oneTimeLink: false };

/** The gateway's sign-in methods, or the password form alone if it cannot say. */
export function fetchAuthMethods(): Promise<AuthMethods> {
  return getJson(api.authMethods.path, api.authMethods.response).catch(() => FALLBACK_METHODS);
}
