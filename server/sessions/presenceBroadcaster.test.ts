// PresenceBroadcaster with a crowd joining fast, on manual timers and a fake session (no tmux):
// how many presence messages an owner and the viewers receive, and that everyone ends up right.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../shared/lifecycle.js';
import { decodeServerMessage, type PresenceClient } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import { ManualTimers } from '../../shared/timers.js';
import type { LogFields, Logger } from '../log.js';
import type { TmuxServer } from '../tmux/tmuxServer.js';
import { PRESENCE_COALESCE_MS, PresenceBroadcaster, type PresenceSession } from './presence.js';
import type { SessionMember } from './sessionRegistry.js';

const VIEWERS = 2000;
/** Joins per simulated millisecond step: the crowd arrives within a few seconds. */
const JOINS_PER_STEP = 4;
const STEP_MS = 10;

class FakeMember implements Pick<SessionMember, 'clientId' | 'role' | 'presence' | 'sendPresence'> {
  readonly received: string[] = [];
  constructor(
    readonly clientId: string,
    readonly role: Role,
  ) {}
  presence(): PresenceClient {
    return { id: this.clientId, kind: 'web', user: this.clientId, role: this.role };
  }
  sendPresence(encoded: string): void {
    this.received.push(encoded);
  }
}

function total(encoded: string | undefined): number | undefined {
  const decoded = decodeServerMessage(encoded ?? '');
  return decoded.ok && decoded.message.type === 'presence' ? decoded.message.total : undefined;
}

/** Lets the push's awaits (the fake tmux's answer) run between timer steps. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A session of `members` whose tmux answers through `run`, and a log that keeps nothing. */
function fakeSession(members: Set<FakeMember>, changes: Emitter<void>, run: TmuxServer['run']) {
  const tmux: Pick<TmuxServer, 'run'> = { run };
  const session = {
    name: 'main',
    // The fake members implement what the broadcaster reads of a member.
    members: members as unknown as Set<SessionMember>,
    onChanged: changes.event,
    tmux: tmux as TmuxServer,
    config: { target: 'main' },
    gatewayClientPids: () => new Set<number>(),
  } as unknown as PresenceSession;
  const write = (_event: string, _fields?: LogFields) => undefined;
  const log: Logger = { debug: write, info: write, warn: write, error: write };
  return { session, log };
}

test('a crowd of 2,000 joining costs an owner a few presence messages a second', async () => {
  const timers = new ManualTimers();
  let now = 0;
  const changes = new Emitter<void>();
  const members = new Set<FakeMember>();
  const { session, log } = fakeSession(members, changes, () => Promise.resolve(''));
  const broadcaster = new PresenceBroadcaster(session, log, { timers, now: () => now });
  const step = async (ms: number) => {
    for (let elapsed = 0; elapsed < ms; elapsed += STEP_MS) {
      timers.advance(STEP_MS);
      now += STEP_MS;
      await settle();
      await settle();
    }
  };

  const owner = new FakeMember('owner', 'owner');
  members.add(owner);
  changes.fire();
  const viewers: FakeMember[] = [];
  while (viewers.length < VIEWERS) {
    for (let i = 0; i < JOINS_PER_STEP; i += 1) {
      const viewer = new FakeMember(`v${viewers.length}`, 'viewer');
      viewers.push(viewer);
      members.add(viewer);
      changes.fire();
    }
    await step(STEP_MS);
  }
  const joinMs = now;
  await step(10_000);
  broadcaster.dispose();

  // The bound is generous (twice the coalescing rate), not a timing assertion.
  const ownerBound = 2 * Math.ceil((joinMs + 10_000) / PRESENCE_COALESCE_MS);
  assert.ok(owner.received.length <= ownerBound, `${owner.received.length} to the owner`);
  assert.ok(broadcaster.pushCount <= ownerBound, `${broadcaster.pushCount} pushes`);
  const toViewers = viewers.reduce((sum, viewer) => sum + viewer.received.length, 0);
  // Each viewer gets one on arrival and a few count updates, not one every push.
  assert.ok(toViewers <= 5 * VIEWERS, `${toViewers} messages to ${VIEWERS} viewers`);
  assert.equal(total(owner.received.at(-1)), VIEWERS + 1);
  for (const viewer of viewers) assert.equal(total(viewer.received.at(-1)), VIEWERS + 1);
});

test('a push under way when the broadcaster is disposed schedules no other', async () => {
  const timers = new ManualTimers();
  const changes = new Emitter<void>();
  const owner = new FakeMember('owner', 'owner');
  let answer: (clients: string) => void = () => undefined;
  const { session, log } = fakeSession(
    new Set([owner]),
    changes,
    () => new Promise<string>((resolve) => (answer = resolve)),
  );
  const broadcaster = new PresenceBroadcaster(session, log, { timers, now: () => 0 });
  changes.fire();
  timers.advance(PRESENCE_COALESCE_MS);
  // The push waits for tmux; a change meanwhile asks for another push after it.
  changes.fire();
  timers.advance(PRESENCE_COALESCE_MS);
  broadcaster.dispose();
  answer('');
  await settle();
  await settle();
  assert.equal(timers.armed, 0);
});
