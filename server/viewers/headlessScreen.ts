// The screen a shared viewer client shows, kept in a headless xterm.js, so that one viewer can be
// given a full picture (when it joins, or after it fell behind) without asking tmux to redraw
// for every viewer of the group. It runs in the screen worker (screenWorker.ts), off the thread
// that reads the group's pty.
//
// Invariant: a fresh terminal that receives snapshot() and then every byte written after it
// ends up in the same state as a terminal that received every byte — screen, cursor, pen, modes
// and scroll region (tmux only sends what changed, relative to what it believes is on screen).

import { CANCEL_AND_RESET } from '../../shared/terminalBytes.js';
import xtermHeadless from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';

const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

type HeadlessTerminal = InstanceType<typeof Terminal>;

/** xterm.js's input state, not in its public API: where its parser and UTF-8 decoder stand. */
interface InputInternals {
  _core: {
    _inputHandler: {
      _parser: { currentState: number };
      _utf8Decoder: { interim: Uint8Array };
    };
  };
}

/** The VT parser's ground state: not inside an escape sequence or string. */
const PARSER_GROUND = 0;

/** The snapshot starts from a clean terminal. */
const RESET_PREFIX = CANCEL_AND_RESET;

/** DECTCEM: private mode 25 shows or hides the cursor. */
const CURSOR_VISIBLE_MODE = 25;

/**
 * tmux draws the whole screen of its clients; lines that scroll off are already in tmux's own
 * history, so the model keeps none (each kept line costs memory per group).
 */
const MODEL_SCROLLBACK_LINES = 0;

export class HeadlessScreen {
  private readonly terminal: HeadlessTerminal;
  private disposed = false;
  private readonly serializer = new SerializeAddon();
  /** DECSTBM as last set, 1-based and inclusive; undefined when it is the whole screen. */
  private scrollRegion: { top: number; bottom: number } | undefined;
  private cursorVisible = true;

  constructor(cols: number, rows: number) {
    this.terminal = new Terminal({
      cols,
      rows,
      scrollback: MODEL_SCROLLBACK_LINES,
      allowProposedApi: true,
    });
    this.terminal.loadAddon(this.serializer);
    const parser = this.terminal.parser;
    parser.registerCsiHandler({ final: 'r' }, (params) => {
      this.onScrollRegion(params);
      return false;
    });
    parser.registerCsiHandler({ prefix: '?', final: 'h' }, (params) => {
      if (params.includes(CURSOR_VISIBLE_MODE)) this.cursorVisible = true;
      return false;
    });
    parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) => {
      if (params.includes(CURSOR_VISIBLE_MODE)) this.cursorVisible = false;
      return false;
    });
    parser.registerEscHandler({ final: 'c' }, () => {
      this.scrollRegion = undefined;
      this.cursorVisible = true;
      return false;
    });
  }

  get cols(): number {
    return this.terminal.cols;
  }

  get rows(): number {
    return this.terminal.rows;
  }

  write(bytes: Uint8Array): void {
    this.terminal.write(bytes);
  }

  /**
   * Runs `callback` once every byte written so far has been parsed, and before any byte written
   * after this call is: inside it, snapshot() describes exactly the bytes written before.
   */
  whenParsed(callback: () => void): void {
    this.terminal.write('', callback);
  }

  /**
   * Whether the bytes parsed so far end between sequences (no escape sequence, string or UTF-8
   * character begun and not finished): only then is snapshot() followed by the next bytes right.
   * A read from the pty may end anywhere.
   */
  get atRest(): boolean {
    const input = (this.terminal as unknown as InputInternals)._core._inputHandler;
    return input._parser.currentState === PARSER_GROUND && input._utf8Decoder.interim[0] === 0;
  }

  /** Resizes at once, whatever is still to be parsed: call it in whenParsed to keep the order. */
  resize(cols: number, rows: number): void {
    this.terminal.resize(cols, rows);
    // xterm.js resets the scroll region to the whole screen on resize, as tmux expects.
    this.scrollRegion = undefined;
  }

  /** Bytes that bring a browser's terminal, whatever its state, to this screen. Call it in whenParsed. */
  snapshot(): Buffer {
    let state = this.serializer.serialize({ scrollback: 0 });
    const buffer = this.terminal.buffer.active;
    if (buffer.type === 'alternate') {
      // The addon ends the normal screen with the current pen, then draws the alternate screen
      // as if the pen were the default one: reset it in between.
      const normalLength = this.serializer.serialize({
        scrollback: 0,
        excludeAltBuffer: true,
        excludeModes: true,
      }).length;
      state = `${state.slice(0, normalLength)}\x1b[0m${state.slice(normalLength)}`;
    }
    if (this.scrollRegion) {
      state += `\x1b[${this.scrollRegion.top};${this.scrollRegion.bottom}r`;
    }
    // The addon restores the cursor with relative moves, which land one column short after a
    // line as wide as the screen (tmux's status bar): place it absolutely, last. DECSTBM above
    // homes it too. With origin mode on, rows count from the top of the scroll region.
    const originRow = this.terminal.modes.originMode ? (this.scrollRegion?.top ?? 1) - 1 : 0;
    const column = Math.min(buffer.cursorX, this.terminal.cols - 1);
    state += `\x1b[${buffer.cursorY + 1 - originRow};${column + 1}H`;
    // RIS in xterm.js leaves the cursor's visibility as it was: always say it.
    state += `\x1b[?${CURSOR_VISIBLE_MODE}${this.cursorVisible ? 'h' : 'l'}`;
    return Buffer.from(RESET_PREFIX + state, 'utf8');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.terminal.dispose();
  }

  private onScrollRegion(params: (number | number[])[]): void {
    const rows = this.terminal.rows;
    const top = typeof params[0] === 'number' && params[0] > 0 ? params[0] : 1;
    const bottom =
      typeof params[1] === 'number' && params[1] > 0 ? Math.min(params[1], rows) : rows;
    if (top >= bottom) return;
    this.scrollRegion = top === 1 && bottom === rows ? undefined : { top, bottom };
  }
}
