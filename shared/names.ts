// Names that end up in URLs and tmux command lines. tmux format-expands names given to
// new-session -s / -n (`#(cmd)` runs a shell), so nothing outside this alphabet is ever accepted.

/** A name, unanchored, to build other patterns from (the page's routes). */
export const NAME_SOURCE = '[A-Za-z0-9_-]{1,64}';
export const NAME_PATTERN = new RegExp(`^${NAME_SOURCE}$`);

export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

export const NAME_RULE = 'must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-"';
