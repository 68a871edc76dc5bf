import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advanceSgr, DEFAULT_SGR, sgrPrefix, withoutSgr, type SgrState } from './sgrState.js';

const ESC = String.fromCharCode(0x1b);
const e = (text: string) => text.replaceAll('^[', ESC);

/** tmux 3.3a's `capture-pane -p -e -J` of printf '\033[1;3;38;5;200;48;2;10;20;30mA\nB\033[22;23;39;49mC\033[4:3;58;5;9mD\033[24;59m\033[9;53mE\033[0m\nF\n'. */
const TMUX_LINES = [
  '^[[1;3m^[[38;5;200m^[[48;2;10;20;30mA',
  'B^[[0m^[[39m^[[49mC^[[4:3m^[[58;5;9mD^[[0;9;5:3m^[[39m^[[49mE',
  '^[[0m^[[39m^[[49mF',
].map(e);

const stateAfter = (lines: readonly string[]): SgrState => lines.reduce(advanceSgr, DEFAULT_SGR);

describe('SGR state', () => {
  it('carries tmux attributes across lines, as capture-pane -e leaves them', () => {
    assert.equal(sgrPrefix(stateAfter([])), '');
    assert.equal(
      sgrPrefix(stateAfter(TMUX_LINES.slice(0, 1))),
      e('^[[0;1;3;38;5;200;48;2;10;20;30m'),
    );
    // tmux 3.3a writes overline as `5:3` (read by terminals as blink, code 5), after strike 9.
    assert.equal(sgrPrefix(stateAfter(TMUX_LINES.slice(0, 2))), e('^[[0;5;9m'));
    assert.equal(sgrPrefix(stateAfter(TMUX_LINES)), '');
  });

  it('tracks underline styles and colours, and their off codes', () => {
    const underlined = advanceSgr(DEFAULT_SGR, e('^[[4:3m^[[58:2::1:2:3mx'));
    assert.equal(sgrPrefix(underlined), e('^[[0;4:3;58;2;1;2;3m'));
    assert.equal(sgrPrefix(advanceSgr(underlined, e('^[[24;59m'))), '');
    assert.equal(sgrPrefix(advanceSgr(DEFAULT_SGR, e('^[[21m'))), e('^[[0;4:2m'));
    assert.equal(sgrPrefix(advanceSgr(DEFAULT_SGR, e('^[[4m^[[94;101m'))), e('^[[0;4;94;101m'));
    assert.equal(sgrPrefix(advanceSgr(DEFAULT_SGR, e('^[[38:5:12m'))), e('^[[0;38;5;12m'));
    const all = advanceSgr(DEFAULT_SGR, e('^[[1;2;3;5;7;8;9;53m'));
    assert.equal(sgrPrefix(all), e('^[[0;1;2;3;5;7;8;9;53m'));
    assert.equal(sgrPrefix(advanceSgr(all, e('^[[22;23;25;27;28;29;55m'))), '');
  });

  it('resets on 0 and on an empty sequence, and ignores what it does not know', () => {
    const red = advanceSgr(DEFAULT_SGR, e('^[[31m'));
    assert.equal(sgrPrefix(advanceSgr(red, e('^[[m'))), '');
    assert.equal(sgrPrefix(advanceSgr(red, e('^[[0m'))), '');
    assert.equal(sgrPrefix(advanceSgr(red, e('^[[2Jx^[[Hy^[[38;5m'))), e('^[[0;31m'));
    assert.equal(advanceSgr(red, 'no escapes'), red);
  });

  it('strips SGR sequences to the text', () => {
    assert.deepEqual(TMUX_LINES.map(withoutSgr), ['A', 'BCDE', 'F']);
  });
});
