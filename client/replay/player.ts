// The replay player: a recording in a plain xterm.js terminal of the recorded size, with
// play/pause, speed, a seek slider, the current time, and "who typed when" (click to go there).
// Everything the recording holds is shown as text (textContent), never as markup.

import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { el } from '../ui/dom.js';
import { openLink } from '../terminal/safeLinks.js';
import type { Cast } from './castParser.js';
import { formatDuration } from './format.js';
import { PlaybackClock, SPEEDS } from './playbackClock.js';
import { ReplayRenderer } from './replayRenderer.js';
import { typingLog } from './typingLog.js';

/** How often the screen and the controls follow the clock while playing (about 20 fps). */
const TICK_MS = 50;
/** The slider counts milliseconds, one per step, so that its end is the recording's end. */
const SLIDER_STEP_MS = 1;

export interface Player {
  readonly element: HTMLElement;
  /** The terminal's visible lines, right-trimmed, joined with '\n'. */
  text(): string;
  readonly clock: PlaybackClock;
  dispose(): void;
}

export function createPlayer(cast: Cast): Player {
  const clock = new PlaybackClock(cast.duration);
  const screen = el('div', {
    className: 'replay-screen',
    attrs: { 'data-testid': 'replay-screen' },
  });
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
      max: String(Math.ceil(cast.duration * 1000)),
      step: String(SLIDER_STEP_MS),
      value: '0',
      'aria-label': 'Position',
      'data-testid': 'replay-seek',
    },
  });
  const time = el('span', { className: 'replay-time', attrs: { 'data-testid': 'replay-time' } });
  const typing = typingList();
  const element = el(
    'section',
    { className: 'replay-player', attrs: { 'data-testid': 'replay-player' } },
    [
      el('div', { className: 'replay-main' }, [
        screen,
        el('div', { className: 'replay-controls' }, [
          play,
          el('label', { className: 'replay-speed' }, ['Speed ', speed]),
          slider,
          time,
        ]),
      ]),
      typing.element,
    ],
  );

  const term = new Terminal({
    cols: cast.header.width,
    rows: cast.header.height,
    disableStdin: true,
    cursorBlink: false,
    scrollback: 1000,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
    fontSize: 13,
    // OSC 8 hyperlinks in the recording open only when they are http(s).
    linkHandler: { activate: (_event, text) => openLink(text) },
  });
  term.open(screen);
  const renderer = new ReplayRenderer(cast, {
    write: (data, done) => term.write(data, done),
    resize: (cols, rows) => term.resize(cols, rows),
    reset: (cols, rows) => {
      term.reset();
      term.resize(cols, rows);
    },
  });

  let timer: ReturnType<typeof setInterval> | undefined;
  const show = (): void => {
    const position = clock.position();
    renderer.renderTo(position);
    slider.value = String(Math.round(position * 1000));
    time.textContent = `${formatDuration(position)} / ${formatDuration(cast.duration)}`;
    play.textContent = clock.playing ? 'Pause' : 'Play';
    play.setAttribute('aria-pressed', String(clock.playing));
    typing.highlight(position);
  };
  const tick = (): void => {
    if (clock.playing && clock.ended) stop();
    show();
  };
  const start = (): void => {
    clock.play();
    timer ??= setInterval(tick, TICK_MS);
    show();
  };
  function stop(): void {
    clock.pause();
    clearInterval(timer);
    timer = undefined;
  }

  play.addEventListener('click', () => {
    if (clock.playing) stop();
    else start();
    show();
  });
  speed.addEventListener('change', () => {
    const chosen = SPEEDS.find((value) => String(value) === speed.value);
    if (chosen !== undefined) clock.setSpeed(chosen);
  });
  slider.addEventListener('input', () => {
    clock.seek(Number(slider.value) / 1000);
    show();
  });
  typing.onSelect((at) => {
    clock.seek(at);
    show();
  });
  typing.fill(typingLog(cast.events));
  show();

  return {
    element,
    clock,
    text: () => visibleText(term),
    dispose: () => {
      stop();
      renderer.dispose();
      term.dispose();
    },
  };
}

function typingList() {
  const list = el('ol', {
    className: 'replay-typing-list',
    attrs: { 'data-testid': 'replay-typing' },
  });
  const element = el('aside', { className: 'replay-typing' }, [
    el('h2', { text: 'Who typed when' }),
    list,
  ]);
  const items: Array<{ time: number; item: HTMLElement }> = [];
  let select: (time: number) => void = () => undefined;
  return {
    element,
    onSelect(listener: (time: number) => void) {
      select = listener;
    },
    fill(entries: ReturnType<typeof typingLog>) {
      if (entries.length === 0) {
        list.replaceChildren(el('li', { className: 'replay-typing-empty', text: 'Nobody typed.' }));
        return;
      }
      list.replaceChildren(
        ...entries.map((entry) => {
          const button = el(
            'button',
            { attrs: { type: 'button', title: `Go to ${formatDuration(entry.time)}` } },
            [
              el('span', { className: 'replay-typing-time', text: formatDuration(entry.time) }),
              el('span', { className: 'replay-typing-user', text: entry.user }),
              el('span', { className: 'replay-typing-text', text: entry.text }),
            ],
          );
          button.addEventListener('click', () => select(entry.time));
          const item = el('li', { attrs: { 'data-testid': 'replay-typing-entry' } }, [button]);
          items.push({ time: entry.time, item });
          return item;
        }),
      );
    },
    /** Marks the entries already typed at `time`. */
    highlight(time: number) {
      for (const { time: at, item } of items) item.classList.toggle('replay-typed', at <= time);
    },
  };
}

function visibleText(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let y = buffer.viewportY; y < buffer.viewportY + term.rows; y++) {
    lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
  }
  return lines.join('\n').trimEnd();
}
