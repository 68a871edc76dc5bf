// Unit tests for the pane a history view opens by default and how the picker names panes.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pane } from '../../shared/api/history.js';
import { defaultPane, paneLabel } from './historySource.js';

function pane(id: string, window: number, active: boolean, windowActive: boolean): Pane {
  return {
    id,
    index: Number(id.slice(1)) % 2,
    title: `title ${id}`,
    active,
    window: { index: window, name: `w${String(window)}`, active: windowActive },
    historyLines: 0,
    cols: 80,
    rows: 24,
  };
}

describe('defaultPane', () => {
  it('is the active pane of the current window, not the active pane of another window', () => {
    const panes = [
      pane('%1', 0, true, false),
      pane('%2', 1, false, true),
      pane('%3', 1, true, true),
    ];
    assert.equal(defaultPane(panes)?.id, '%3');
  });

  it('falls back to any active pane, then the first, and is undefined without panes', () => {
    assert.equal(defaultPane([pane('%4', 0, false, true), pane('%5', 1, true, false)])?.id, '%5');
    assert.equal(defaultPane([pane('%6', 0, false, false)])?.id, '%6');
    assert.equal(defaultPane([]), undefined);
  });
});

describe('paneLabel', () => {
  it('reads "window index:name — pane index title", the title verbatim', () => {
    const markup = { ...pane('%7', 2, true, true), title: '<b>x</b>' };
    assert.equal(paneLabel(markup), '2:w2 — pane 1 <b>x</b>');
    assert.equal(paneLabel({ ...markup, title: '' }), '2:w2 — pane 1');
  });
});
