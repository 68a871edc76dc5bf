import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeTmuxServer } from '../tmux/fakeTmuxServer.js';
import { listPanes, PANE_FORMAT, parsePaneLine } from './panes.js';

describe('session panes', () => {
  it('parses list-panes lines, the title taking any tabs', () => {
    assert.deepEqual(parsePaneLine('%12\t1\t1\t3\t0\t4500\t80\t23\tvim\tmy\ttitle <b>'), {
      id: '%12',
      index: 1,
      title: 'my\ttitle <b>',
      active: true,
      window: { index: 3, name: 'vim', active: false },
      historyLines: 4500,
      cols: 80,
      rows: 23,
    });
  });

  it('refuses lines that are not a pane', () => {
    for (const line of [
      '',
      '12\t1\t1\t3\t0\t4500\t80\t23\tvim\tt',
      '%1;x\t1\t1\t3\t0\t4500\t80\t23\tvim\tt',
      '%1\t-1\t1\t3\t0\t4500\t80\t23\tvim\tt',
      '%1\t1\t1\t3\t0\t4500\t0\t23\tvim\tt',
      '%1\t1\t1\t3\t0\t4500\t80\t23',
    ]) {
      assert.equal(parsePaneLine(line), undefined, line);
    }
  });

  it("asks tmux for the session's own panes, by its exact name", async () => {
    const tmux = new FakeTmuxServer();
    tmux.answer('list-panes', () => '%1\t0\t1\t0\t1\t0\t80\t24\tsh\thost\ngarbage\n');
    const panes = await listPanes(tmux, 'main');
    assert.deepEqual(tmux.ran('list-panes'), [
      ['list-panes', '-s', '-t', '=main', '-F', PANE_FORMAT],
    ]);
    assert.deepEqual(
      panes.map((pane) => pane.id),
      ['%1'],
    );
  });
});
