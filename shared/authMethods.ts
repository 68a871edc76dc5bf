// `GET /api/auth/methods`: how people may sign in, so the login page shows the right buttons.
// Public (asked before anyone is signed in), and says nothing a login page would not show.

import { z } from 'zod';

/** Where the browser goes to start a sign-in at the OpenID provider. */
export const OIDC_LOGIN_PATH = '/auth/oidc/login';

export const authMethodsSchema = z.object({
  /** Password users may sign in (the username/password form). */
  local: z.boolean(),
  /** Single sign-on through an OpenID provider, shown as "Sign in with <name>". */
  oidc: z.object({ name: z.string().min(1).max(64) }).optional(),
});
export type AuthMethods = z.infer<typeof authMethodsSchema>;
