// The player's "who typed when" list: one button per typist's input, which seeks the replay there.

import { el } from '../ui/dom.js';
import { formatDuration } from './format.js';
import type { typingLog } from './typingLog.js';

export interface TypingList {
  readonly element: HTMLElement;
  /** `listener` gets the time (in recording seconds) of the entry chosen. */
  onSelect(listener: (time: number) => void): void;
  fill(entries: ReturnType<typeof typingLog>): void;
  /** Marks the entries already typed at `time`. */
  highlight(time: number): void;
}

export function createTypingList(): TypingList {
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
    onSelect(listener) {
      select = listener;
    },
    fill(entries) {
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
    highlight(time) {
      for (const { time: at, item } of items) item.classList.toggle('replay-typed', at <= time);
    },
  };
}
