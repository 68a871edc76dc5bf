// Opens links found in terminal output, but only http(s) ones, in a new tab that cannot reach back.

/** Terminal content is untrusted: only these schemes may be opened from it. */
const OPENABLE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/** The URL if `text` is an absolute http(s) URL, otherwise undefined. */
export function openableUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return OPENABLE_PROTOCOLS.has(url.protocol) ? url : undefined;
}

/** Opens `text` in a new tab with noopener/noreferrer when it is an http(s) URL; ignores it otherwise. */
export function openLink(text: string): void {
  const url = openableUrl(text);
  if (url !== undefined) window.open(url.href, '_blank', 'noopener,noreferrer');
}
