// The live sessions with what each one carries: its presence broadcaster and its recorder.

import type { AuditLog } from '../audit.js';
import type { GatewayConfig, LimitsConfig } from '../config/gatewayConfig.js';
import type { Logger } from '../log.js';
import { RecordingManager } from '../recording/recordingManager.js';
import { PresenceBroadcaster } from '../sessions/presence.js';
import { SessionRegistry, type TmuxServerFactory } from '../sessions/sessionRegistry.js';
import { ScreenHost } from '../viewers/screenHost.js';

export interface LiveSessions {
  sessions: SessionRegistry;
  recordings: RecordingManager;
  /** Stops every recorder (audited as `shutdown`), then undoes each session's attachments. */
  dispose(): void;
}

export function startLiveSessions(
  config: GatewayConfig,
  deps: {
    audit: AuditLog;
    log: Logger;
    limits: LimitsConfig;
    tmuxFor?: TmuxServerFactory | undefined;
  },
): LiveSessions {
  const { audit, log } = deps;
  const recordings = new RecordingManager({
    stateDir: config.stateDir,
    limits: config.recording,
    audit,
    log,
  });
  const sessions = new SessionRegistry(
    config.sessions,
    (session) => {
      const presence = new PresenceBroadcaster(session, log);
      const stopRecording = recordings.attach(session);
      return () => {
        presence.dispose();
        stopRecording();
      };
    },
    deps.limits,
    deps.tmuxFor,
  );
  const screenProblems = ScreenHost.onProblem((problem) =>
    problem.kind === 'lost'
      ? log.warn('screen_worker_lost', { error: problem.error, restartInMs: problem.restartInMs })
      : log.warn('screen_worker_unavailable', { error: problem.error }),
  );
  return {
    sessions,
    recordings,
    dispose: () => {
      screenProblems.dispose();
      // Recorders first: once the sessions are detached, a recorder would end as session-removed.
      recordings.dispose();
      sessions.dispose();
    },
  };
}
