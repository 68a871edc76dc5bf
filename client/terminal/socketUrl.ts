// The URL of a session's terminal WebSocket, on the page's own host (ws: or wss: to match it).

import { terminalSocketPath } from '../../shared/terminalSocket.js';

export function terminalSocketUrl(
  location: Location,
  session: string,
  cols: number,
  rows: number,
  fit = false,
): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${terminalSocketPath({ session, cols, rows, fit })}`;
}
