import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TMUX_PROBE_CACHE_MS, TmuxProbe } from './tmuxProbe.js';

describe('TmuxProbe', () => {
  it('runs tmux -V at most once per cache interval', async () => {
    let now = 0;
    const probe = new TmuxProbe(() => now);
    const first = probe.check();
    assert.equal(probe.check(), first, 'a second ask within the interval shares the answer');
    const result = await first;
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.version, /^tmux /);
    now += TMUX_PROBE_CACHE_MS;
    assert.notEqual(probe.check(), first, 'asked again once the interval has passed');
  });
});
