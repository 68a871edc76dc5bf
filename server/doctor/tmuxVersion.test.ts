import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isRecentEnough, parseTmuxVersion } from './tmuxVersion.js';
import { exitCodeFor } from './doctor.js';

describe('tmux version', () => {
  it('parses release, letter and next- versions', () => {
    assert.deepEqual(parseTmuxVersion('tmux 3.3a\n'), { text: 'tmux 3.3a', major: 3, minor: 3 });
    assert.deepEqual(parseTmuxVersion('tmux next-3.5'), {
      text: 'tmux next-3.5',
      major: 3,
      minor: 5,
    });
    assert.equal(parseTmuxVersion('screen 4.0'), undefined);
  });

  it('wants 3.3 or newer', () => {
    assert.equal(isRecentEnough({ text: '', major: 3, minor: 2 }), false);
    assert.equal(isRecentEnough({ text: '', major: 3, minor: 3 }), true);
    assert.equal(isRecentEnough({ text: '', major: 4, minor: 0 }), true);
    assert.equal(isRecentEnough({ text: '', major: 2, minor: 9 }), false);
  });
});

describe('exitCodeFor', () => {
  it('is 2 with any error, 1 with warnings only, 0 otherwise', () => {
    const ok = { level: 'ok' as const, subject: 's', message: 'm' };
    const warning = { ...ok, level: 'warning' as const };
    const error = { ...ok, level: 'error' as const };
    assert.equal(exitCodeFor([ok]), 0);
    assert.equal(exitCodeFor([ok, warning]), 1);
    assert.equal(exitCodeFor([warning, error, ok]), 2);
  });
});
