// The `auth` section of the configuration file: its schema, and the rules it adds across the
// file (who access maps may name, whether anyone can sign in at all).

import * as z from 'zod';
import {
  GROUP_NAME_RULE,
  USER_NAME_RULE,
  groupOfKey,
  isGroupName,
  isUserName,
} from './principalNames.js';
import { parseCidr } from './trustedAddresses.js';
import { BOOLEAN_RULE, absolutePathField, isMapping, rule, type ConfigProblem } from './rules.js';

const DEFAULT_SCOPES = ['openid', 'profile', 'email'];
const DEFAULT_USERNAME_CLAIM = 'preferred_username';
const DEFAULT_GROUPS_CLAIM = 'groups';
/** Client secrets are opaque strings; a kilobyte is far more than any provider issues. */
const MAX_SECRET_CHARS = 1024;
/** Client ids are short (a name, a UUID, Google's 70-odd characters). */
const MAX_CLIENT_ID_CHARS = 256;
/** A button label, not a paragraph. */
const MAX_DISPLAY_NAME_CHARS = 64;
const MAX_SCOPES = 32;
/** More proxies than this is a sign of a misunderstanding (listing clients instead of proxies). */
const MAX_TRUSTED_PROXIES = 64;

const ISSUER_RULE =
  'must be an https URL without query or fragment, like https://idp.example.com/realms/ops (http only on a loopback address)';
const CLAIM_RULE =
  'must be a claim name: 1-128 characters of A-Z, a-z, 0-9, "_", ".", ":", "/" or "-"';
const SCOPE_RULE = 'must be a list of scopes that includes "openid"';
const HEADER_RULE = 'must be an HTTP header name: 1-64 characters of A-Z, a-z, 0-9 or "-"';
const TEXT_RULE = (max: number) => `must be text of 1-${max} characters`;

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** https, or http on loopback (a provider on the same machine, as in tests); no query or fragment. */
export function isIssuerUrl(value: string): boolean {
  if (!URL.canParse(value) || /[?#]/.test(value)) return false;
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

const text = (max: number) =>
  z
    .string(rule(TEXT_RULE(max)))
    .min(1, TEXT_RULE(max))
    .max(max, TEXT_RULE(max))
    .refine((value) => !/[\p{Cc}]/u.test(value), 'must not contain control characters');

const claimName = z.string(rule(CLAIM_RULE)).regex(/^[A-Za-z0-9_.:/-]{1,128}$/, CLAIM_RULE);
const headerName = z.string(rule(HEADER_RULE)).regex(/^[A-Za-z0-9-]{1,64}$/, HEADER_RULE);

/** Sign-in through an OpenID Connect provider: authorization code flow with PKCE, state and nonce. */
export const oidcSchema = z
  .strictObject(
    {
      /** The issuer URL; its /.well-known/openid-configuration is read at the first sign-in. */
      issuer: z.string(rule(ISSUER_RULE)).refine(isIssuerUrl, ISSUER_RULE),
      clientId: text(MAX_CLIENT_ID_CHARS),
      /** The client secret, given inline … */
      // Never echo this value in an error.
      clientSecret: text(MAX_SECRET_CHARS).optional(),
      /** … or as the path of a file holding it (read at start); exactly one of the two. */
      clientSecretFile: absolutePathField('must be an absolute path').optional(),
      /** Scopes requested; always includes openid. */
      scopes: z
        .array(
          z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/, 'not a scope'),
          rule(SCOPE_RULE),
        )
        .max(MAX_SCOPES, `must list at most ${MAX_SCOPES} scopes`)
        .refine((scopes) => scopes.includes('openid'), SCOPE_RULE)
        .default(() => [...DEFAULT_SCOPES]),
      /** The claim (ID token or userinfo) holding the user name. */
      usernameClaim: claimName.default(DEFAULT_USERNAME_CLAIM),
      /** The claim holding the user's groups (a list of strings). */
      groupsClaim: claimName.default(DEFAULT_GROUPS_CLAIM),
      /** Shown on the login page as "Sign in with <displayName>" (default: the issuer's host). */
      displayName: text(MAX_DISPLAY_NAME_CHARS).optional(),
    },
    rule('must be a mapping with issuer, clientId and clientSecret or clientSecretFile'),
  )
  .superRefine((oidc, ctx) => {
    if (oidc.clientSecret !== undefined && oidc.clientSecretFile !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecretFile'],
        message: 'give clientSecret or clientSecretFile, not both',
      });
    } else if (oidc.clientSecret === undefined && oidc.clientSecretFile === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecret'],
        message: 'required (or clientSecretFile)',
      });
    }
  })
  .transform((oidc) => ({ ...oidc, displayName: oidc.displayName ?? new URL(oidc.issuer).host }));

/** Sign-in by a trusted reverse proxy (oauth2-proxy, Pomerium, Cloudflare Access) in a header. */
export const proxySchema = z.strictObject(
  {
    /** Header carrying the user name, believed only from trustedProxies. */
    userHeader: headerName,
    /** Header carrying the user's groups, comma-separated. */
    groupsHeader: headerName.optional(),
    /** CIDR blocks of the proxies' own addresses (the TCP peer, never X-Forwarded-For). */
    trustedProxies: z
      .array(
        z.string(rule('must be an IP address or a CIDR block')).superRefine((value, ctx) => {
          const cidr = parseCidr(value);
          if ('error' in cidr) ctx.addIssue({ code: 'custom', message: cidr.error });
        }),
        rule('must be a list of the proxies’ addresses (CIDR blocks)'),
      )
      .min(1, 'must list at least one address')
      .max(MAX_TRUSTED_PROXIES, `must list at most ${MAX_TRUSTED_PROXIES} blocks`),
  },
  rule('must be a mapping with userHeader and trustedProxies'),
);

export const authSchema = z.strictObject(
  {
    /** Password users (`users`) may sign in. Default true. */
    local: z.boolean(rule(BOOLEAN_RULE)).default(true),
    oidc: oidcSchema.optional(),
    proxy: proxySchema.optional(),
  },
  rule('must be a mapping with local, oidc and proxy'),
);

/** Known keys of the mapping at `path` (which starts with "auth"), to suggest for unknown keys. */
export function authKnownKeys(path: readonly PropertyKey[]): string[] {
  if (path[1] === 'oidc') return Object.keys(oidcSchema.in.shape);
  if (path[1] === 'proxy') return Object.keys(proxySchema.shape);
  return Object.keys(authSchema.shape);
}

/** Whether people can come from outside the users list (OIDC or proxy), and with groups. */
function externalSources(rawAuth: unknown): { names: boolean; groups: boolean } {
  if (!isMapping(rawAuth)) return { names: false, groups: false };
  const oidc = rawAuth.oidc !== undefined;
  const proxy = isMapping(rawAuth.proxy) ? rawAuth.proxy : undefined;
  return {
    names: oidc || rawAuth.proxy !== undefined,
    groups: oidc || proxy?.groupsHeader !== undefined,
  };
}

/**
 * The problem with an access-map key that is neither "*" nor a configured user, or undefined when
 * it is fine: a `group:` key needs a valid name and a source of groups; any other name is fine
 * when people can sign in from outside (OIDC, proxy); otherwise `unknownUser` is the problem.
 */
export function accessKeyProblem(
  key: string,
  rawAuth: unknown,
  unknownUser: string,
): string | undefined {
  const sources = externalSources(rawAuth);
  const group = groupOfKey(key);
  if (group !== undefined) {
    if (!isGroupName(group)) return `group names ${GROUP_NAME_RULE}`;
    return sources.groups
      ? undefined
      : 'groups come from auth.oidc or auth.proxy.groupsHeader, and neither is set';
  }
  if (!sources.names) return unknownUser;
  return isUserName(key) ? undefined : `not a user name: ${USER_NAME_RULE}`;
}

/** Rules across `auth` and `users`: nobody configured who could never sign in, and someone can. */
export function authProblems(raw: Record<string, unknown>): ConfigProblem[] {
  const auth = raw.auth;
  if (!isMapping(auth) || auth.local !== false) return [];
  const problems: ConfigProblem[] = [];
  if (Array.isArray(raw.users) && raw.users.length > 0) {
    problems.push({
      path: ['users'],
      message: 'auth.local is false, so these users could never sign in (remove them)',
    });
  }
  if (!externalSources(auth).names) {
    problems.push({
      path: ['auth', 'local'],
      message: 'with local users off nobody could sign in: configure auth.oidc or auth.proxy',
    });
  }
  return problems;
}
