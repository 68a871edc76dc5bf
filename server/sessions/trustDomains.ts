// A tmux socket is one trust domain: any writer can drive every session behind it (every pane has
// $TMUX). Warns when sessions on one socket give write access to different people.

import { canWrite } from '../../shared/roles.js';
import type { SessionConfig } from '../config/gatewayConfig.js';

/** Who may write to a session: named users with a writing role, "*" included as itself. */
function writers(session: SessionConfig): string[] {
  return Object.entries(session.access)
    .filter(([, role]) => canWrite(role))
    .map(([principal]) => principal)
    .sort();
}

export function sharedSocketWarnings(sessions: readonly SessionConfig[]): string[] {
  const bySocket = new Map<string, SessionConfig[]>();
  for (const session of sessions) {
    bySocket.set(session.socket, [...(bySocket.get(session.socket) ?? []), session]);
  }
  const warnings: string[] = [];
  for (const [socket, group] of bySocket) {
    if (group.length < 2) continue;
    const signatures = new Set(group.map((session) => writers(session).join(',')));
    if (signatures.size < 2) continue;
    const detail = group
      .map((session) => `${session.name} (${writers(session).join(', ') || 'admins only'})`)
      .join('; ');
    warnings.push(
      `sessions ${group.map((s) => `"${s.name}"`).join(', ')} share the tmux socket ${socket} but grant write access to different people: ` +
        `a writer in any of them can drive all of them (${detail}). Give each trust domain its own socket.`,
    );
  }
  return warnings;
}
