// The replay player: a recording in a plain xterm.js terminal of the recorded size, with
// play/pause, speed, a seek slider, the current time, and "who typed when" (click to go there).
// Everything the recording holds is shown as text (textContent), never as markup.

import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { DisposableStore, toDisposable, type Disposable } from '../../shared/lifecycle.js';
import { screenText } from '../terminal/screenText.js';
import { COMMON_TERMINAL_OPTIONS } from '../terminal/terminalLook.js';
import { el } from '../ui/dom.js';
import type { Cast } from './castParser.js';
import { PlaybackClock, SPEEDS } from './playbackClock.js';
import { createPlayerControls, type PlayerControls } from './playerControls.js';
import { ReplayRenderer } from './replayRenderer.js';
import { typingLog } from './typingLog.js';
import { createTypingList } from './typingList.js';

/** How often the screen and the controls follow the clock while playing (about 20 fps). */
const TICK_MS = 50;
/** Scrollback of the replay terminal: seeking is how one goes back, this is for a glance up. */
const REPLAY_SCROLLBACK_LINES = 1000;
/** A step smaller than the live terminal's font: the screen shares the page with the typing list. */
const REPLAY_FONT_SIZE = 13;

export interface Player extends Disposable {
  readonly element: HTMLElement;
  /** The terminal's visible lines, right-trimmed, joined with '\n'. */
  text(): string;
  readonly clock: PlaybackClock;
}

export function createPlayer(cast: Cast): Player {
  const store = new DisposableStore();
  const clock = new PlaybackClock(cast.duration);
  const screen = el('div', {
    className: 'replay-screen',
    attrs: { 'data-testid': 'replay-screen' },
  });
  const controls = createPlayerControls(cast.duration);
  const typing = createTypingList();
  const element = el(
    'section',
    { className: 'replay-player', attrs: { 'data-testid': 'replay-player' } },
    [el('div', { className: 'replay-main' }, [screen, controls.element]), typing.element],
  );
  const term = store.add(replayTerminal(screen, cast));
  const renderer = store.add(
    new ReplayRenderer(cast, {
      write: (data, done) => term.write(data, done),
      resize: (cols, rows) => term.resize(cols, rows),
      reset: (cols, rows) => {
        term.reset();
        term.resize(cols, rows);
      },
    }),
  );

  let timer: ReturnType<typeof setInterval> | undefined;
  const show = (): void => {
    const position = clock.position();
    renderer.renderTo(position);
    controls.show(position, clock);
    typing.highlight(position);
  };
  const start = (): void => {
    clock.play();
    timer ??= setInterval(() => {
      if (clock.playing && clock.ended) stop();
      show();
    }, TICK_MS);
    show();
  };
  function stop(): void {
    clock.pause();
    clearInterval(timer);
    timer = undefined;
  }
  store.add(toDisposable(stop));
  bindControls(controls, clock, { start, stop, show });
  typing.onSelect((at) => {
    clock.seek(at);
    show();
  });
  typing.fill(typingLog(cast.events));
  show();

  return { element, clock, text: () => screenText(term), dispose: () => store.dispose() };
}

/** A read-only terminal of the recorded size in `screen`. */
function replayTerminal(screen: HTMLElement, cast: Cast): Terminal {
  const term = new Terminal({
    ...COMMON_TERMINAL_OPTIONS,
    cols: cast.header.width,
    rows: cast.header.height,
    disableStdin: true,
    cursorBlink: false,
    scrollback: REPLAY_SCROLLBACK_LINES,
    fontSize: REPLAY_FONT_SIZE,
  });
  term.open(screen);
  return term;
}

function bindControls(
  controls: PlayerControls,
  clock: PlaybackClock,
  playback: { start(): void; stop(): void; show(): void },
): void {
  const { play, speed, slider } = controls;
  play.addEventListener('click', () => {
    if (clock.playing) playback.stop();
    else playback.start();
    playback.show();
  });
  speed.addEventListener('change', () => {
    const chosen = SPEEDS.find((value) => String(value) === speed.value);
    if (chosen !== undefined) clock.setSpeed(chosen);
  });
  slider.addEventListener('input', () => {
    clock.seek(Number(slider.value) / 1000);
    playback.show();
  });
}
