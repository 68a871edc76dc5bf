// Names for WebSocket close codes, as the `reason` label of the closes counter (a fixed set, so
// a misbehaving client cannot grow the label's cardinality with made-up codes).

import { CloseCode } from '../../shared/protocol.js';

/** RFC 6455 codes a browser or the ws library produces. */
const STANDARD_CLOSE_CODES: Record<number, string> = {
  1000: 'normal',
  1001: 'going-away',
  1005: 'no-status',
  1006: 'abnormal',
  1009: 'message-too-big',
};

const APPLICATION_CLOSE_CODES: Record<number, string> = {
  [CloseCode.SessionEnded]: 'session-ended',
  [CloseCode.Kicked]: 'kicked',
  [CloseCode.Revoked]: 'revoked',
  [CloseCode.Shutdown]: 'shutdown',
  [CloseCode.ProtocolError]: 'protocol-error',
  [CloseCode.Unauthorized]: 'unauthorized',
  [CloseCode.InternalError]: 'internal-error',
};

export function closeReasonLabel(code: number): string {
  return STANDARD_CLOSE_CODES[code] ?? APPLICATION_CLOSE_CODES[code] ?? 'other';
}
