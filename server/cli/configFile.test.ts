import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { listenHostProblem } from './configFile.js';

describe('listenHostProblem', () => {
  it('leaves addresses and names that resolve to listen', async () => {
    for (const host of ['127.0.0.1', '::1', '0.0.0.0', 'localhost']) {
      assert.equal(await listenHostProblem(host), undefined, host);
    }
  });

  it('refuses a name that resolves to no address, worded like the listen.host rule', async () => {
    // .invalid never resolves (RFC 6761).
    assert.equal(
      await listenHostProblem('nonsense.invalid'),
      'must be a host name or an IP address of this machine ("nonsense.invalid" does not resolve)',
    );
  });
});
