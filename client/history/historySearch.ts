// Search and copy in the history view: the search addon's highlights, and the clipboard.

import type { SearchAddon } from '@xterm/addon-search';

/** Search highlights: every match amber, the current one orange (#RRGGBB, as the addon wants). */
const SEARCH_DECORATIONS = {
  matchBackground: '#6b5900',
  matchOverviewRuler: '#d7ba7d',
  activeMatchBackground: '#c25400',
  activeMatchColorOverviewRuler: '#ff8c00',
};

/** Finds `term` (highlighting every match, so the addon reports the count); '' clears. */
export function find(
  search: SearchAddon,
  term: string,
  direction: 'next' | 'previous',
  incremental: boolean,
): void {
  if (term === '') return search.clearDecorations();
  const options = { decorations: SEARCH_DECORATIONS, incremental };
  if (direction === 'next') search.findNext(term, options);
  else search.findPrevious(term, options);
}

/** Puts `selection` on the clipboard; answers the notice to show. */
export async function copySelection(selection: string): Promise<string> {
  if (selection === '') return 'Select text to copy it.';
  try {
    await navigator.clipboard.writeText(selection);
    return 'Copied.';
  } catch {
    return 'The browser did not allow copying.';
  }
}
