// Bytes the gateway writes into a browser's terminal itself, between what tmux draws.

/** CAN: the terminal drops any half-received escape sequence (before a redraw after a discard). */
export const CANCEL = '\x18';

/** CAN, then RIS: a clean terminal before a different tmux client, or a snapshot, draws into it. */
export const CANCEL_AND_RESET = '\x18\x1bc';
