import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSocketWarnings } from './trustDomains.js';
import type { SessionConfig } from '../config/gatewayConfig.js';

const session = (name: string, socket: string, access: SessionConfig['access']): SessionConfig => ({
  name,
  socket,
  target: name,
  create: false,
  access,
});

describe('sharedSocketWarnings', () => {
  it('is silent when each socket has one session', () => {
    assert.deepEqual(
      sharedSocketWarnings([
        session('a', '/s/1', { alice: 'writer' }),
        session('b', '/s/2', { bob: 'writer' }),
      ]),
      [],
    );
  });

  it('is silent when sessions on one socket have the same writers, whatever their viewers', () => {
    assert.deepEqual(
      sharedSocketWarnings([
        session('a', '/s/1', { alice: 'owner', carol: 'viewer' }),
        session('b', '/s/1', { alice: 'writer', '*': 'viewer' }),
      ]),
      [],
    );
  });

  it('warns when sessions on one socket grant write access to different people', () => {
    const warnings = sharedSocketWarnings([
      session('a', '/s/1', { alice: 'writer' }),
      session('b', '/s/1', { bob: 'writer', alice: 'viewer' }),
      session('c', '/s/2', { bob: 'writer' }),
    ]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /"a", "b" share the tmux socket \/s\/1/);
    assert.match(warnings[0]!, /a \(alice\); b \(bob\)/);
  });
});
