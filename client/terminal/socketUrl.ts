// The URL of a session's terminal WebSocket, on the page's own host (ws: or wss: to match it).

export function terminalSocketUrl(
  location: Location,
  session: string,
  cols: number,
  rows: number,
  fit = false,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams({ cols: String(cols), rows: String(rows) });
  if (fit) params.set('fit', '1');
  const query = params.toString();
  return `${scheme}//${location.host}/api/sessions/${encodeURIComponent(session)}/ws?${query}`;
}
