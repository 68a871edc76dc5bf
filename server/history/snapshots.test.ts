import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SNAPSHOT_ID_PATTERN } from '../../shared/api/history.js';
import { ManualTimers } from '../../shared/timers.js';
import { sgrPrefix } from './sgrState.js';
import { SNAPSHOT_IDLE_MS, SNAPSHOTS_PER_LOGIN, SnapshotStore } from './snapshots.js';

const owner = (login = 'a', pane = '%1') => ({ login, session: 'main', pane });
const capture = (lines: string[]) => ({ lines, rows: 2, truncated: false });
const BIG = 1_000_000;

describe('snapshot store', () => {
  it('serves a snapshot only to the login, session and pane it was taken for', () => {
    const store = new SnapshotStore(BIG, new ManualTimers());
    const snapshot = store.add(owner(), capture(['x']));
    assert.match(snapshot.id, SNAPSHOT_ID_PATTERN);
    assert.equal(store.get(snapshot.id, owner()), snapshot);
    assert.equal(store.get(snapshot.id, owner('b')), undefined);
    assert.equal(store.get(snapshot.id, owner('a', '%2')), undefined);
    assert.equal(store.get(snapshot.id, { ...owner(), session: 'other' }), undefined);
    store.dispose();
  });

  it('keeps a few per login, the least recently used dropped first', () => {
    const store = new SnapshotStore(BIG, new ManualTimers());
    const first = store.add(owner(), capture(['1']));
    const rest = Array.from({ length: SNAPSHOTS_PER_LOGIN - 1 }, () =>
      store.add(owner(), capture(['r'])),
    );
    store.get(first.id, owner());
    const other = store.add(owner('b'), capture(['b']));
    store.add(owner(), capture(['new']));
    assert.equal(store.get(rest[0]!.id, owner()), undefined, 'the least recently used went');
    assert.ok(store.get(first.id, owner()), 'a used one stays');
    assert.ok(store.get(other.id, owner('b')), "another login's stays");
    store.dispose();
  });

  it('bounds all snapshots in bytes, never dropping the one being used', () => {
    const line = 'y'.repeat(99);
    const store = new SnapshotStore(250, new ManualTimers());
    const a = store.add(owner('a'), capture([line]));
    const b = store.add(owner('b'), capture([line]));
    const c = store.add(owner('c'), capture([line]));
    assert.equal(store.get(a.id, owner('a')), undefined);
    assert.ok(store.get(b.id, owner('b')));
    c.replaceFrom(1, [line, line], 2);
    store.fit(c);
    assert.equal(store.get(b.id, owner('b')), undefined);
    assert.ok(store.get(c.id, owner('c')));
    store.dispose();
  });

  it('forgets snapshots unused for a while, with the timer it owns', () => {
    const timers = new ManualTimers();
    let now = 0;
    const store = new SnapshotStore(BIG, timers, () => now);
    const idle = store.add(owner('a'), capture(['a']));
    const used = store.add(owner('b'), capture(['b']));
    now = SNAPSHOT_IDLE_MS - 1;
    store.get(used.id, owner('b'));
    now = SNAPSHOT_IDLE_MS + 1;
    timers.advance(SNAPSHOT_IDLE_MS + 1);
    assert.equal(store.size, 1);
    assert.equal(store.get(idle.id, owner('a')), undefined);
    store.dispose();
    assert.equal(timers.armed, 0, 'dispose clears its timer');
    assert.equal(store.size, 0);
  });

  it('knows the SGR state at any line, also after an extension', () => {
    const store = new SnapshotStore(BIG, new ManualTimers());
    const lines = Array.from({ length: 3000 }, (_, i) => (i === 1500 ? '\x1b[31mred' : `l${i}`));
    const snapshot = store.add(owner(), capture(lines));
    assert.equal(sgrPrefix(snapshot.stateAt(1500)), '');
    assert.equal(sgrPrefix(snapshot.stateAt(2999)), '\x1b[0;31m');
    snapshot.replaceFrom(1500, ['plain', '\x1b[1mbold'], 2);
    assert.equal(sgrPrefix(snapshot.stateAt(1501)), '');
    snapshot.replaceFrom(
      1502,
      Array.from({ length: 2000 }, () => 'z'),
      2,
    );
    assert.equal(sgrPrefix(snapshot.stateAt(3400)), '\x1b[0;1m');
    assert.equal(snapshot.lines.length, 3502);
    store.dispose();
  });
});
