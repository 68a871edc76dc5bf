// Unit tests for what the history view does with a failed request.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../api/http.js';
import { handleProblem, historyProblem } from './historyProblem.js';

describe('historyProblem', () => {
  it('offers a reload when history moved on', () => {
    const problem = historyProblem(new ApiError(409, 'history_moved_on', 'moved on'));
    assert.equal(problem.kind, 'moved-on');
  });

  it('reopens an expired snapshot and waits past the rate limit', () => {
    assert.equal(historyProblem(new ApiError(410, 'snapshot_expired', 'gone')).kind, 'expired');
    assert.equal(historyProblem(new ApiError(429, 'rate_limited', 'slow')).kind, 'rate-limited');
  });

  it('says why for anything else, network failures included', () => {
    assert.deepEqual(historyProblem(new ApiError(500, 'internal', 'boom')), {
      kind: 'failed',
      message: 'boom',
    });
    assert.equal(historyProblem(new TypeError('fetch failed')).kind, 'failed');
  });
});

describe('handleProblem', () => {
  function handled(error: unknown): string[] {
    const calls: string[] = [];
    handleProblem(error, {
      reopen: () => calls.push('reopen'),
      notify: (_message, reload) => calls.push(reload ? 'notify+reload' : 'notify'),
      retryLater: () => calls.push('retry later'),
    });
    return calls;
  }

  it('reopens, offers a reload, retries later or just says why', () => {
    assert.deepEqual(handled(new ApiError(410, 'snapshot_expired', '')), ['reopen']);
    assert.deepEqual(handled(new ApiError(409, 'history_moved_on', '')), ['notify+reload']);
    assert.deepEqual(handled(new ApiError(429, 'rate_limited', '')), ['notify', 'retry later']);
    assert.deepEqual(handled(new ApiError(404, 'unknown_pane', '')), ['notify']);
  });
});
