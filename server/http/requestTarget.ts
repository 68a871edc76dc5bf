// The request target of a raw request (WebSocket upgrades see it before any router does).

/** The path and the query of a request target. */
export interface RequestTarget {
  pathname: string;
  query: URLSearchParams;
}

/**
 * The path and query of an origin-form request target (`/path?query`). Anything else — `//x`,
 * an absolute URL, `*`, no target — is not ours to parse and gets undefined.
 */
export function parseRequestTarget(target: string | undefined): RequestTarget | undefined {
  if (!target?.startsWith('/') || target.startsWith('//')) return undefined;
  const queryStart = target.indexOf('?');
  const pathname = queryStart < 0 ? target : target.slice(0, queryStart);
  return { pathname, query: new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart)) };
}
