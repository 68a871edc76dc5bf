// The extra-keys row's logic: which bytes each key sends, and the sticky Ctrl and Alt that modify
// the next key (tapped in the row or typed on the on-screen keyboard) once, then let go.

/** The keys of the row, in order; Ctrl and Alt are the sticky modifiers. */
export const EXTRA_KEYS = [
  'Esc',
  'Tab',
  'Ctrl',
  'Alt',
  'Left',
  'Up',
  'Down',
  'Right',
  'PgUp',
  'PgDn',
  '|',
  '~',
  '/',
] as const;

export type ExtraKey = (typeof EXTRA_KEYS)[number];
export type Modifier = 'Ctrl' | 'Alt';

const ESC = '\x1b';

/** The final byte of each arrow's escape sequence (`ESC [ A`, or `ESC O A` in DECCKM mode). */
const ARROW_FINAL: Record<'Up' | 'Down' | 'Right' | 'Left', string> = {
  Up: 'A',
  Down: 'B',
  Right: 'C',
  Left: 'D',
};

/** The number in `ESC [ n ~` for the page keys. */
const PAGE_NUMBER: Record<'PgUp' | 'PgDn', number> = { PgUp: 5, PgDn: 6 };

/** Control bytes of the non-letters xterm gives a control byte to (the rest are sent unchanged). */
const CONTROL_PUNCTUATION: Partial<Record<string, string>> = {
  ' ': '\x00',
  '@': '\x00',
  '[': '\x1b',
  '\\': '\x1c',
  ']': '\x1d',
  '^': '\x1e',
  _: '\x1f',
  '/': '\x1f',
  '?': '\x7f',
};

/** What the modifiers add to a key with a modifier parameter (xterm's `1 + shift + 2·alt + 4·ctrl`). */
function modifierParameter(ctrl: boolean, alt: boolean): number {
  return 1 + (alt ? 2 : 0) + (ctrl ? 4 : 0);
}

/** The byte Ctrl+`char` sends: letters and some punctuation have one; other characters stay. */
export function controlChar(char: string): string {
  const code = char.charCodeAt(0);
  const isLetter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  if (char.length === 1 && isLetter) return String.fromCharCode(code & 0x1f);
  return CONTROL_PUNCTUATION[char] ?? char;
}

/** Held modifiers: each applies to the next key only, then is released. */
export class StickyModifiers {
  private held = { Ctrl: false, Alt: false };

  isHeld(modifier: Modifier): boolean {
    return this.held[modifier];
  }

  /** Tapping a modifier holds it for the next key; tapping it again lets go. */
  toggle(modifier: Modifier): void {
    this.held[modifier] = !this.held[modifier];
  }

  /** The bytes a tap on `key` sends (none for a modifier), with the held modifiers applied once. */
  press(key: ExtraKey, applicationCursor: boolean): string {
    if (key === 'Ctrl' || key === 'Alt') {
      this.toggle(key);
      return '';
    }
    const { Ctrl: ctrl, Alt: alt } = this.release();
    const modified = ctrl || alt;
    switch (key) {
      case 'Esc':
        return alt ? ESC + ESC : ESC;
      case 'Tab':
        return alt ? ESC + '\t' : '\t';
      case 'Up':
      case 'Down':
      case 'Right':
      case 'Left': {
        const final = ARROW_FINAL[key];
        if (modified) return `${ESC}[1;${modifierParameter(ctrl, alt)}${final}`;
        return applicationCursor ? `${ESC}O${final}` : `${ESC}[${final}`;
      }
      case 'PgUp':
      case 'PgDn': {
        const number = PAGE_NUMBER[key];
        return modified ? `${ESC}[${number};${modifierParameter(ctrl, alt)}~` : `${ESC}[${number}~`;
      }
      case '|':
      case '~':
      case '/':
        return modify(key, ctrl, alt);
    }
  }

  /** Typed input (one key, or an IME's text): the held modifiers apply to its first character. */
  apply(data: string): string {
    if (data === '' || (!this.held.Ctrl && !this.held.Alt)) return data;
    const { Ctrl: ctrl, Alt: alt } = this.release();
    const [first = '', ...rest] = Array.from(data);
    // Escape sequences (the keyboard's own arrows) carry no Ctrl; Alt still prefixes ESC.
    if (first === ESC) return alt ? ESC + data : data;
    return modify(first, ctrl, alt) + rest.join('');
  }

  private release(): { Ctrl: boolean; Alt: boolean } {
    const was = this.held;
    this.held = { Ctrl: false, Alt: false };
    return was;
  }
}

function modify(char: string, ctrl: boolean, alt: boolean): string {
  const base = ctrl ? controlChar(char) : char;
  return alt ? ESC + base : base;
}
