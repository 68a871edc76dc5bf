// `GET /api/auth/methods`: how people may sign in, so the login and front pages show the right
// way in. Public (asked before anyone is signed in), and says nothing a login page would not show.

import { z } from 'zod';

/** Where the browser goes to start a sign-in at the OpenID provider. */
export const OIDC_LOGIN_PATH = '/auth/oidc/login';

export const authMethodsSchema = z.object({
  /** Password users exist and may sign in (the username/password form). */
  local: z.boolean(),
  /** Single sign-on through an OpenID provider, shown as "Sign in with <name>". */
  oidc: z.object({ name: z.string().min(1).max(64) }).optional(),
  /** Only a trusted reverse proxy signs people in: the page can just say to come through it. */
  proxyOnly: z.boolean(),
  /**
   * No password users, single sign-on or proxy (the embedded default): the way in is the one-time
   * login link `tmuxgate serve` printed, or a share link.
   */
  oneTimeLink: z.boolean(),
});
export type AuthMethods = z.infer<typeof authMethodsSchema>;
