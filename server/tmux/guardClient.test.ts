import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeTmuxServer } from './fakeTmuxServer.js';
import { guardArguments, spawnGuardClient } from './guardClient.js';
import { SizeGuard } from './sizeGuard.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('guard client over a TmuxServer', () => {
  it('starts a control client and resolves once tmux has answered its attach', async () => {
    const tmux = new FakeTmuxServer();
    const guard = spawnGuardClient(tmux, 'main');
    const control = tmux.controls[0]!;
    assert.deepEqual(control.args, guardArguments('main'));
    assert.equal(guard.pid, control.pid);
    // The reply may come split anywhere.
    control.emitOutput('%begin 1 1 0\n%en');
    control.emitOutput('d 1 1 0\n');
    await guard.attached;
    let exits = 0;
    guard.onExit(() => (exits += 1));
    guard.kill();
    guard.kill();
    assert.equal(control.killed, true);
    assert.equal(exits, 1);
  });

  it('rejects when the attach fails, and tells the exit once', async () => {
    const tmux = new FakeTmuxServer();
    const guard = spawnGuardClient(tmux, 'gone');
    let exits = 0;
    guard.onExit(() => (exits += 1));
    tmux.controls[0]!.fail();
    await assert.rejects(guard.attached, /attach failed/);
    assert.equal(exits, 1);
    guard.onExit(() => (exits += 1));
    assert.equal(exits, 2, 'a listener added after the exit is called at once');
  });

  it('rejects when the client exits before answering', async () => {
    const tmux = new FakeTmuxServer();
    const guard = spawnGuardClient(tmux, 'main');
    tmux.controls[0]!.exit();
    await assert.rejects(guard.attached, /exited before attaching/);
  });

  it('attaches by itself when the fake answers control clients', async () => {
    const tmux = new FakeTmuxServer();
    tmux.autoAttachControls = true;
    const sizeGuard = new SizeGuard(tmux, 'main', { lingerMs: 0 });
    const release = await sizeGuard.hold();
    assert.equal(sizeGuard.pids.length, tmux.controls.length);
    release();
    sizeGuard.dispose();
  });

  it('keeps a SizeGuard held through its control clients, many holds at once', async () => {
    const tmux = new FakeTmuxServer();
    const sizeGuard = new SizeGuard(tmux, 'main', { lingerMs: 0 });
    for (let round = 0; round < 20; round += 1) {
      const holds = Array.from({ length: 5 }, () => sizeGuard.hold());
      await tick();
      for (const control of tmux.controls) if (!control.exited) control.attach();
      const releases = await Promise.all(holds);
      assert.deepEqual(
        sizeGuard.pids,
        tmux.controls.filter((control) => !control.exited).map((control) => control.pid),
      );
      for (const release of releases) release();
      await new Promise((resolve) => setTimeout(resolve, 1));
      assert.ok(tmux.controls.every((control) => control.exited));
    }
    sizeGuard.dispose();
  });
});
