// Unit tests for closeOutcome: which closes the page recovers from and which end the page.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CloseCode } from '../../shared/protocol.js';
import { closeOutcome } from './closePolicy.js';

describe('closeOutcome', () => {
  it('reconnects after transport failures and retryable application codes', () => {
    for (const code of [
      1001,
      1005,
      1006,
      1011,
      1012,
      CloseCode.Shutdown,
      CloseCode.InternalError,
    ]) {
      assert.deepEqual(closeOutcome(code, undefined), { retry: true }, `code ${code}`);
    }
  });

  it('reconnects after a shutdown notice', () => {
    assert.deepEqual(
      closeOutcome(CloseCode.Shutdown, { reason: 'shutdown', message: 'restarting' }),
      { retry: true },
    );
  });

  it('never reconnects after the session ended, a kick, a revocation, a protocol error or a lost login', () => {
    const cases = [
      [CloseCode.SessionEnded, 'session-ended'],
      [CloseCode.Kicked, 'kicked'],
      [CloseCode.Revoked, 'revoked'],
      [CloseCode.ProtocolError, 'error'],
      [CloseCode.Unauthorized, 'unauthorized'],
      [CloseCode.Limit, 'limit'],
    ] as const;
    for (const [code, reason] of cases) {
      assert.deepEqual(closeOutcome(code, undefined), { retry: false, reason, message: '' });
    }
  });

  it('trusts a final exit notice even when the close code got lost', () => {
    assert.deepEqual(closeOutcome(1006, { reason: 'kicked', message: 'bye' }), {
      retry: false,
      reason: 'kicked',
      message: 'bye',
    });
  });

  it('ends with "unauthorized" after a signed-out notice, even when the close code got lost', () => {
    for (const code of [CloseCode.Unauthorized, 1006]) {
      assert.deepEqual(closeOutcome(code, { reason: 'signed-out', message: 'sign in' }), {
        retry: false,
        reason: 'unauthorized',
        message: 'sign in',
      });
    }
  });

  it('never reconnects after going over a limit, even when the close code got lost', () => {
    for (const code of [CloseCode.Limit, 1006]) {
      assert.deepEqual(closeOutcome(code, { reason: 'limit', message: 'too many' }), {
        retry: false,
        reason: 'limit',
        message: 'too many',
      });
    }
  });

  it('ends on an unknown application close code', () => {
    const outcome = closeOutcome(4999, undefined);
    assert.equal(outcome.retry, false);
  });
});
