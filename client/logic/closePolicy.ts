// Decides, from a WebSocket close code and the last `exit` message, whether the page reconnects (pure).

import { CloseCode, RETRYABLE_CLOSE_CODES, type ExitReason } from '../../shared/protocol.js';

/**
 * Why a terminal page stopped for good. `unauthorized`: the login is gone (exit `signed-out`, close
 * 4401, or a reconnect refused with 401); `forbidden`: no access.
 */
export type EndReason =
  Exclude<ExitReason, 'shutdown' | 'signed-out'> | 'unauthorized' | 'forbidden';

export type CloseOutcome = { retry: true } | { retry: false; reason: EndReason; message: string };

/** What the gateway said in its `exit` message before closing, if anything. */
export interface ExitNotice {
  reason: ExitReason;
  message: string;
}

/** Exit reasons after which reconnecting cannot help or must not happen. */
function isFinalExit(
  reason: ExitReason,
): reason is 'session-ended' | 'kicked' | 'revoked' | 'limit' {
  return (
    reason === 'session-ended' || reason === 'kicked' || reason === 'revoked' || reason === 'limit'
  );
}

/** Close codes below this are the WebSocket's own (1001 going away, 1006 abnormal, 1011 …). */
const FIRST_APPLICATION_CLOSE_CODE = 4000;

export function closeOutcome(code: number, exit: ExitNotice | undefined): CloseOutcome {
  const message = exit?.message ?? '';
  if (exit?.reason === 'signed-out') return { retry: false, reason: 'unauthorized', message };
  if (exit !== undefined && isFinalExit(exit.reason)) {
    return { retry: false, reason: exit.reason, message };
  }
  switch (code) {
    case CloseCode.SessionEnded:
      return { retry: false, reason: 'session-ended', message };
    case CloseCode.Kicked:
      return { retry: false, reason: 'kicked', message };
    case CloseCode.Revoked:
      return { retry: false, reason: 'revoked', message };
    case CloseCode.ProtocolError:
      return { retry: false, reason: 'error', message };
    case CloseCode.Unauthorized:
      return { retry: false, reason: 'unauthorized', message };
    case CloseCode.Limit:
      return { retry: false, reason: 'limit', message };
    default:
      break;
  }
  if (RETRYABLE_CLOSE_CODES.has(code) || code < FIRST_APPLICATION_CLOSE_CODE)
    return { retry: true };
  return {
    retry: false,
    reason: 'error',
    message: message || `connection closed with code ${String(code)}`,
  };
}
