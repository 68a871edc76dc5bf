// Display names people choose for themselves (guests of share links). Everyone in the session
// sees them and the audit log records them, so they are normalised (NFC, trimmed) and refused
// when they hold anything invisible, line-breaking or direction-changing, or are too long to show.

/** Characters as a reader counts them (grapheme clusters): a name fits beside a role badge. */
export const MAX_DISPLAY_NAME_GRAPHEMES = 32;

/**
 * Code points in one character: real scripts' clusters fit (an emoji with a skin tone is 2, a
 * Devanagari conjunct or a Tibetan stack up to about 6 after NFC), while "zalgo" text stacks
 * dozens of combining marks on one letter, far past its line.
 */
export const MAX_CODE_POINTS_PER_GRAPHEME = 8;

/** UTF-16 code units in all (what a browser's `maxlength` counts): a bound whatever the mix. */
export const MAX_DISPLAY_NAME_CODE_UNITS = 128;

/**
 * Never in a name: control (Cc), format (Cf: bidi overrides, zero-width joiners), surrogate,
 * private-use and unassigned code points (C*), line and paragraph separators (Zl, Zp: U+2028
 * breaks a line in many readers of a JSON-lines file), and every default-ignorable code point
 * (variation selectors, Hangul fillers, tags: characters that show as nothing).
 */
const FORBIDDEN = /[\p{C}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

export type DisplayNameCheck = { ok: true; name: string } | { ok: false; problem: string };

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The name as it is kept (NFC, trimmed), or which rule it breaks, in words a person can act on. */
export function checkDisplayName(raw: string): DisplayNameCheck {
  const name = raw.normalize('NFC').trim();
  if (name === '') return { ok: false, problem: 'must not be empty' };
  if (name.length > MAX_DISPLAY_NAME_CODE_UNITS) {
    return { ok: false, problem: `must be at most ${MAX_DISPLAY_NAME_GRAPHEMES} characters` };
  }
  const forbidden = FORBIDDEN.exec(name)?.[0];
  if (forbidden !== undefined) {
    return {
      ok: false,
      problem: `must not contain control, format or invisible characters (${codePoint(forbidden)})`,
    };
  }
  let count = 0;
  for (const { segment } of graphemes.segment(name)) {
    count += 1;
    if ([...segment].length > MAX_CODE_POINTS_PER_GRAPHEME) {
      return {
        ok: false,
        problem: `must not stack more than ${MAX_CODE_POINTS_PER_GRAPHEME - 1} marks on one character`,
      };
    }
  }
  if (count > MAX_DISPLAY_NAME_GRAPHEMES) {
    return { ok: false, problem: `must be at most ${MAX_DISPLAY_NAME_GRAPHEMES} characters` };
  }
  return { ok: true, name };
}

/** Whether `name` is a display name exactly as checkDisplayName keeps it. */
export function isDisplayName(name: string): boolean {
  const checked = checkDisplayName(name);
  return checked.ok && checked.name === name;
}
