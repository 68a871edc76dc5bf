// Names for WebSocket close codes, as the `reason` label of the closes counter (a fixed set, so
// a misbehaving client cannot grow the label's cardinality with made-up codes).

import { closeCodeMeaning } from '../../shared/closeCodes.js';

/** RFC 6455 codes a browser or the ws library produces. */
const STANDARD_CLOSE_CODES: Record<number, string> = {
  1000: 'normal',
  1001: 'going-away',
  1005: 'no-status',
  1006: 'abnormal',
  1009: 'message-too-big',
};

/** Application codes are labelled by the close-code table in shared/closeCodes.ts. */
export function closeReasonLabel(code: number): string {
  return STANDARD_CLOSE_CODES[code] ?? closeCodeMeaning(code)?.metric ?? 'other';
}
