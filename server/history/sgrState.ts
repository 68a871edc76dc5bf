// The SGR state (colours and attributes) in force after some text: tmux's `capture-pane -e` carries
// attributes across lines, so a page that starts mid-snapshot starts with the state in force there.

/** Attributes that are on or off: bold 1, faint 2, italic 3, blink 5 and 6, reverse 7, hidden 8,
 * strike 9, overline 53. */
const FLAG_CODES = [1, 2, 3, 5, 6, 7, 8, 9, 53] as const;
/** Each off code and the attributes it turns off. */
const OFF_CODES: ReadonlyMap<number, readonly number[]> = new Map([
  [22, [1, 2]],
  [23, [3]],
  [25, [5, 6]],
  [27, [7]],
  [28, [8]],
  [29, [9]],
  [55, [53]],
]);
/** Underline styles of `4:n`: 0 none, 1 single, 2 double, 3 curly, 4 dotted, 5 dashed. */
const MAX_UNDERLINE_STYLE = 5;
/** SGR 21 is a double underline (ECMA-48, xterm, tmux). */
const DOUBLE_UNDERLINE = 2;

export interface SgrState {
  readonly flags: ReadonlySet<number>;
  readonly underline: number;
  /** Each colour as the parameters that set it (`31`, `38;5;200`, `48;2;1;2;3`), or none. */
  readonly fg: string | undefined;
  readonly bg: string | undefined;
  readonly underlineColour: string | undefined;
}

export const DEFAULT_SGR: SgrState = {
  flags: new Set(),
  underline: 0,
  fg: undefined,
  bg: undefined,
  underlineColour: undefined,
};

interface MutableState {
  flags: Set<number>;
  underline: number;
  fg: string | undefined;
  bg: string | undefined;
  underlineColour: string | undefined;
}

const ESC = String.fromCharCode(0x1b);
const CSI = `${ESC}[`;
/** CSI … m: Select Graphic Rendition, its parameters in group 1. */
const SGR_SEQUENCE = new RegExp(`${ESC}\\[([0-9;:]*)m`, 'g');

function isSet(state: SgrState): boolean {
  return (
    state.flags.size > 0 ||
    state.underline !== 0 ||
    state.fg !== undefined ||
    state.bg !== undefined ||
    state.underlineColour !== undefined
  );
}

/**
 * An extended colour starting at params[index] (38, 48 or 58): with colons it is one parameter
 * (`38:5:n`, `38:2::r:g:b`), with semicolons it takes the next two or four. Returns the colour's
 * canonical parameters and how many parameters it used; undefined when malformed.
 */
function extendedColour(
  params: readonly string[],
  index: number,
): { colour: string | undefined; used: number } {
  const head = params[index] ?? '';
  if (head.includes(':')) {
    const parts = head.split(':');
    const [code, kind] = parts;
    if (kind === '5' && parts.length === 3) return { colour: `${code};5;${parts[2]}`, used: 1 };
    // 38:2:<colour space>:r:g:b or 38:2:r:g:b
    const rgb = kind === '2' ? parts.slice(parts.length === 6 ? 3 : 2) : [];
    if (rgb.length === 3) return { colour: `${code};2;${rgb.join(';')}`, used: 1 };
    return { colour: undefined, used: 1 };
  }
  const kind = params[index + 1];
  if (kind === '5' && params[index + 2] !== undefined) {
    return { colour: `${head};5;${params[index + 2]}`, used: 3 };
  }
  if (kind === '2' && params[index + 4] !== undefined) {
    return { colour: `${head};2;${params.slice(index + 2, index + 5).join(';')}`, used: 5 };
  }
  return { colour: undefined, used: params.length - index };
}

function applyUnderline(state: MutableState, param: string): void {
  const style = Number(param.split(':')[1] ?? '1');
  if (Number.isInteger(style) && style >= 0 && style <= MAX_UNDERLINE_STYLE) {
    state.underline = style;
  }
}

function applyExtended(state: MutableState, code: number, colour: string | undefined): void {
  if (colour === undefined) return;
  if (code === 38) state.fg = colour;
  else if (code === 48) state.bg = colour;
  else state.underlineColour = colour;
}

/** Applies one simple code (no sub-parameters of its own). */
function applyCode(state: MutableState, code: number): void {
  if (code === 0) {
    state.flags.clear();
    state.underline = 0;
    state.fg = state.bg = state.underlineColour = undefined;
  } else if ((FLAG_CODES as readonly number[]).includes(code)) state.flags.add(code);
  else if (code === 4) state.underline = 1;
  else if (code === 21) state.underline = DOUBLE_UNDERLINE;
  else if (code === 24) state.underline = 0;
  else if (OFF_CODES.has(code))
    for (const flag of OFF_CODES.get(code) ?? []) state.flags.delete(flag);
  else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) state.fg = String(code);
  else if ((code >= 40 && code <= 47) || (code >= 100 && code <= 107)) state.bg = String(code);
  else if (code === 39) state.fg = undefined;
  else if (code === 49) state.bg = undefined;
  else if (code === 59) state.underlineColour = undefined;
}

/** What one SGR sequence does, as a function of the state: parsed once per distinct body. */
type SgrOperation = (state: MutableState) => void;

function parseSequence(body: string): SgrOperation[] {
  const operations: SgrOperation[] = [];
  const params = body === '' ? ['0'] : body.split(';');
  for (let index = 0; index < params.length;) {
    const param = params[index] ?? '';
    const code = Number(param.split(':')[0] || '0');
    if (code === 38 || code === 48 || code === 58) {
      const { colour, used } = extendedColour(params, index);
      operations.push((state) => applyExtended(state, code, colour));
      index += used;
      continue;
    }
    if (code === 4 && param.includes(':')) operations.push((state) => applyUnderline(state, param));
    else operations.push((state) => applyCode(state, code));
    index += 1;
  }
  return operations;
}

/**
 * Parsed sequences by body. A pane's output uses few distinct ones (`31`, `39`, `0`, `1;32`…);
 * past this many, the cache starts over rather than grow with hostile output.
 */
const MAX_CACHED_SEQUENCES = 4096;
const parsedSequences = new Map<string, SgrOperation[]>();

function operationsOf(body: string): SgrOperation[] {
  let operations = parsedSequences.get(body);
  if (operations === undefined) {
    if (parsedSequences.size >= MAX_CACHED_SEQUENCES) parsedSequences.clear();
    operations = parseSequence(body);
    parsedSequences.set(body, operations);
  }
  return operations;
}

/** The parameter bytes of CSI sequences tmux writes for SGR: digits, `;` and `:`. */
function isSgrParameter(char: number): boolean {
  return (char >= 0x30 && char <= 0x39) || char === 0x3b || char === 0x3a;
}

const LETTER_M = 0x6d;

/** Applies every SGR sequence in `text` to `state`, in order (other sequences are skipped). */
function applyText(state: MutableState, text: string): void {
  let at = text.indexOf(CSI);
  while (at !== -1) {
    const start = at + CSI.length;
    let end = start;
    while (end < text.length && isSgrParameter(text.charCodeAt(end))) end += 1;
    if (text.charCodeAt(end) === LETTER_M) {
      for (const operation of operationsOf(text.slice(start, end))) operation(state);
    }
    at = text.indexOf(CSI, end);
  }
}

function copyOf(state: SgrState): MutableState {
  return { ...state, flags: new Set(state.flags) };
}

/** The state after `text`, starting from `state`. */
export function advanceSgr(state: SgrState, text: string): SgrState {
  if (!text.includes(CSI)) return state;
  const next = copyOf(state);
  applyText(next, text);
  return next;
}

/**
 * The state after many lines, one after another, changed in place: a snapshot of 10,000
 * coloured lines is read in a few milliseconds instead of a copy per line.
 */
export class SgrTracker {
  private readonly current: MutableState;

  constructor(from: SgrState = DEFAULT_SGR) {
    this.current = copyOf(from);
  }

  feed(text: string): void {
    applyText(this.current, text);
  }

  /** The state so far, unaffected by what is fed later. */
  get state(): SgrState {
    return copyOf(this.current);
  }
}

/** One sequence that sets `state` from any state (a reset first); '' for the default state. */
export function sgrPrefix(state: SgrState): string {
  if (!isSet(state)) return '';
  const params = ['0', ...[...state.flags].sort((a, b) => a - b).map(String)];
  if (state.underline === 1) params.push('4');
  else if (state.underline > 1) params.push(`4:${state.underline}`);
  for (const colour of [state.fg, state.bg, state.underlineColour]) {
    if (colour !== undefined) params.push(colour);
  }
  return `\x1b[${params.join(';')}m`;
}

/** `text` without its SGR sequences: what it says, whatever its colours. */
export function withoutSgr(text: string): string {
  return text.includes(CSI) ? text.replace(SGR_SEQUENCE, '') : text;
}
