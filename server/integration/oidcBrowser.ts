// A browser's part of an OpenID sign-in, in plain HTTP for integration tests: a cookie jar,
// redirects followed by hand (fetch with redirect: 'manual'), the provider's dev login form
// filled in, and hooks to tamper with the request to the provider or its answer.

import { OIDC_CLIENT_ID } from './oidcProvider.js';

/** A provider round trip is a handful of redirects; more means a loop. */
const MAX_REDIRECTS = 10;

/** Cookies by name, for all of 127.0.0.1 (browsers do not separate cookies by port either). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header();
    if (cookie !== '') headers.set('Cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(response);
    return response;
  }
}

export interface OidcSignInOptions {
  /** The account typed into the provider's login form. */
  login: string;
  jar?: CookieJar;
  /** Changes the authorization request on its way to the provider. */
  tamperAuthorization?: (url: URL) => void;
  /** Changes the provider's answer on its way back to the gateway. */
  tamperCallback?: (url: URL) => void;
  /** The jar that brings the answer to the gateway (default: the one that started). */
  callbackJar?: CookieJar;
  /** Cancel at the provider's login page instead of signing in. */
  abort?: boolean;
}

export interface OidcSignInResult {
  jar: CookieJar;
  /** The callback URL the gateway received (after tampering). */
  callbackUrl: URL;
  /** The gateway's answer to it. */
  response: Response;
}

function location(response: Response, base: string | URL): URL {
  const header = response.headers.get('location');
  if (header === null) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(header, base);
}

/** Signs in at `gatewayUrl` through its OpenID provider, as a browser would. */
export async function oidcSignIn(
  gatewayUrl: string,
  options: OidcSignInOptions,
): Promise<OidcSignInResult> {
  const jar = options.jar ?? new CookieJar();
  const start = await jar.fetch(`${gatewayUrl}/auth/oidc/login`);
  if (start.status !== 302 && start.status !== 303) {
    throw new Error(`sign-in start answered ${start.status}: ${await start.text()}`);
  }
  let url = location(start, gatewayUrl);
  if (url.searchParams.get('client_id') !== OIDC_CLIENT_ID)
    throw new Error(`not our provider: ${url.href}`);
  options.tamperAuthorization?.(url);
  const callbackPrefix = `${gatewayUrl}/auth/oidc/callback`;
  for (let hop = 0; hop < MAX_REDIRECTS && !url.href.startsWith(callbackPrefix); hop++) {
    const response = await jar.fetch(url);
    if (response.status === 200 && /\/interaction\/[^/]+$/.test(url.pathname)) {
      await response.text();
      const answer = options.abort
        ? await jar.fetch(`${url.href}/abort`)
        : await jar.fetch(url, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ prompt: 'login', login: options.login, password: 'x' }),
          });
      url = location(answer, url);
      continue;
    }
    if (response.status < 300 || response.status >= 400) {
      throw new Error(
        `provider answered ${response.status} at ${url.href}: ${await response.text()}`,
      );
    }
    url = location(response, url);
  }
  if (!url.href.startsWith(callbackPrefix)) throw new Error(`never came back: ${url.href}`);
  options.tamperCallback?.(url);
  const response = await (options.callbackJar ?? jar).fetch(url);
  return { jar, callbackUrl: url, response };
}
