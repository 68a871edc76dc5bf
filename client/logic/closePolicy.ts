// Decides, from a WebSocket close code and the last `exit` message, whether the page reconnects (pure).

import {
  closeCodeMeaning,
  isFinalExit,
  RETRYABLE_CLOSE_CODES,
  type ExitReason,
} from '../../shared/closeCodes.js';

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

/** Close codes below this are the WebSocket's own (1001 going away, 1006 abnormal, 1011 …). */
const FIRST_APPLICATION_CLOSE_CODE = 4000;

/** The page's name for an exit reason that ends it (`signed-out` asks to sign in again). */
function endReasonFor(reason: Exclude<ExitReason, 'shutdown'>): EndReason {
  return reason === 'signed-out' ? 'unauthorized' : reason;
}

export function closeOutcome(code: number, exit: ExitNotice | undefined): CloseOutcome {
  const message = exit?.message ?? '';
  if (exit !== undefined && exit.reason !== 'shutdown' && isFinalExit(exit.reason)) {
    return { retry: false, reason: endReasonFor(exit.reason), message };
  }
  const meaning = closeCodeMeaning(code);
  if (meaning !== undefined && !meaning.reconnect && meaning.exit !== 'shutdown') {
    return { retry: false, reason: endReasonFor(meaning.exit), message };
  }
  if (RETRYABLE_CLOSE_CODES.has(code) || code < FIRST_APPLICATION_CLOSE_CODE)
    return { retry: true };
  return {
    retry: false,
    reason: 'error',
    message: message || `connection closed with code ${String(code)}`,
  };
}
