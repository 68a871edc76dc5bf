// Fit-to-window for viewers: the font size at which a terminal of the session window's size fits
// the browser's window. Pure arithmetic, so it is tested without a browser.

/** Smallest and largest font a fitted or zoomed terminal uses: readable, and not absurd. */
export const MIN_FONT_SIZE = 5;
export const MAX_FONT_SIZE = 40;

/** Font sizes go in half-pixel steps: finer steps change nothing visible and refit in a loop. */
const FONT_STEP = 0.5;

/** Local zoom steps (Ctrl +/−), as a factor on the fitted size; 1 is "fits exactly". */
export const ZOOM_LEVELS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3] as const;

export interface GridSize {
  cols: number;
  rows: number;
}

/**
 * `fits` is how many columns and rows fit the container at `fontSize` (what xterm's fit addon
 * proposes); the answer is the font size at which `target` fits, in whole steps, within bounds.
 */
export function fittedFontSize(fontSize: number, fits: GridSize, target: GridSize): number {
  const scale = Math.min(fits.cols / target.cols, fits.rows / target.rows);
  const size = Math.floor((fontSize * scale) / FONT_STEP) * FONT_STEP;
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, size));
}

/** The zoom level one step in `direction` from `zoom` (clamped at the ends). */
export function nextZoom(zoom: number, direction: 1 | -1): number {
  const index = ZOOM_LEVELS.findIndex((level) => level >= zoom - 1e-9);
  const current = index === -1 ? ZOOM_LEVELS.length - 1 : index;
  const next = Math.min(ZOOM_LEVELS.length - 1, Math.max(0, current + direction));
  return ZOOM_LEVELS[next] ?? 1;
}
