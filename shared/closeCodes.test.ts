// Unit tests for the close-code table: every code has one meaning, and closeCodeFor inverts it.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLOSE_CODES,
  CloseCode,
  closeCodeFor,
  closeCodeMeaning,
  EXIT_REASONS,
  isFinalExit,
  RETRYABLE_CLOSE_CODES,
} from './closeCodes.js';

describe('close-code table', () => {
  it('describes every close code, and nothing else', () => {
    assert.deepEqual(Object.keys(CLOSE_CODES).map(Number).sort(), Object.values(CloseCode).sort());
    assert.equal(closeCodeMeaning(4999), undefined);
    assert.equal(closeCodeMeaning(1006), undefined);
  });

  it('gives every code its own metric label', () => {
    const labels = Object.values(CLOSE_CODES).map((meaning) => meaning.metric);
    assert.equal(new Set(labels).size, labels.length);
  });

  it('sends each code for its own exit reason (closeCodeFor inverts the table)', () => {
    for (const code of Object.values(CloseCode)) {
      const { exit, serverFault } = CLOSE_CODES[code];
      assert.equal(closeCodeFor(exit, serverFault), code, `code ${code}`);
    }
    for (const reason of EXIT_REASONS) assert.ok(closeCodeFor(reason) >= 4000, reason);
  });

  it('reconnects after shutdown and internal errors only', () => {
    assert.deepEqual(
      [...RETRYABLE_CLOSE_CODES].sort(),
      [CloseCode.Shutdown, CloseCode.InternalError].sort(),
    );
    assert.deepEqual(
      EXIT_REASONS.filter((reason) => isFinalExit(reason)),
      ['session-ended', 'kicked', 'revoked', 'signed-out', 'limit'],
    );
  });
});
