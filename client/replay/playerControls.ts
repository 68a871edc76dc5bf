// The player's controls under the screen: play/pause, speed, the seek slider and the time.

import { el } from '../ui/dom.js';
import { formatDuration } from './format.js';
import { SPEEDS, type PlaybackClock } from './playbackClock.js';

/** The slider counts milliseconds, one per step, so that its end is the recording's end. */
const SLIDER_STEP_MS = 1;

export interface PlayerControls {
  readonly element: HTMLElement;
  readonly play: HTMLButtonElement;
  readonly speed: HTMLSelectElement;
  readonly slider: HTMLInputElement;
  /** Shows `position` (seconds) of `clock` on the slider, the time and the Play button. */
  show(position: number, clock: PlaybackClock): void;
}

export function createPlayerControls(duration: number): PlayerControls {
  const play = el('button', {
    className: 'replay-play',
    text: 'Play',
    attrs: { type: 'button', 'data-testid': 'replay-play' },
  });
  const speed = el(
    'select',
    { attrs: { 'data-testid': 'replay-speed', 'aria-label': 'Speed' } },
    SPEEDS.map((value) =>
      el('option', { text: `${String(value)}×`, attrs: { value: String(value) } }),
    ),
  );
  speed.value = '1';
  const slider = el('input', {
    className: 'replay-seek',
    attrs: {
      type: 'range',
      min: '0',
      max: String(Math.ceil(duration * 1000)),
      step: String(SLIDER_STEP_MS),
      value: '0',
      'aria-label': 'Position',
      'data-testid': 'replay-seek',
    },
  });
  const time = el('span', { className: 'replay-time', attrs: { 'data-testid': 'replay-time' } });
  const element = el('div', { className: 'replay-controls' }, [
    play,
    el('label', { className: 'replay-speed' }, ['Speed ', speed]),
    slider,
    time,
  ]);
  return {
    element,
    play,
    speed,
    slider,
    show(position, clock) {
      slider.value = String(Math.round(position * 1000));
      time.textContent = `${formatDuration(position)} / ${formatDuration(duration)}`;
      play.textContent = clock.playing ? 'Pause' : 'Play';
      play.setAttribute('aria-pressed', String(clock.playing));
    },
  };
}
