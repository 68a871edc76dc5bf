// Fit-to-window for viewers: the font size at which a terminal of the session window's size fits
// the browser's window. Pure arithmetic, so it is tested without a browser.

/** Smallest and largest font a fitted or zoomed terminal uses: the whole window, and not absurd. */
export const MIN_FONT_SIZE = 5;
export const MAX_FONT_SIZE = 40;

/** Font sizes go in half-pixel steps: finer steps change nothing visible and refit in a loop. */
export const FONT_STEP = 0.5;

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

/** The smallest font fit-to-window draws unless the viewer asks for the whole window (issue 19). */
export const READABLE_FONT_SIZE = 10;

/** The smallest rendered cell height fit-to-window draws: below it text is hard to read on a phone. */
export const READABLE_CELL_HEIGHT = 12;

/**
 * The smallest font, in whole steps, that is at least READABLE_FONT_SIZE and whose cell is at
 * least READABLE_CELL_HEIGHT high, given that `fontSize` draws cells `cellHeight` px high (cell
 * height grows in proportion to the font; the renderer's rounding is why callers check again).
 */
export function readableFontSize(fontSize: number, cellHeight: number): number {
  if (fontSize <= 0 || cellHeight <= 0) return READABLE_FONT_SIZE;
  const forHeight =
    Math.ceil((READABLE_CELL_HEIGHT * fontSize) / cellHeight / FONT_STEP) * FONT_STEP;
  return Math.max(READABLE_FONT_SIZE, forHeight);
}

export interface Extent {
  width: number;
  height: number;
}

/** The furthest the content can be panned in each direction: 0 where it fits the viewport. */
export function panRange(content: Extent, viewport: Extent): Extent {
  return {
    width: Math.max(0, Math.ceil(content.width - viewport.width)),
    height: Math.max(0, Math.ceil(content.height - viewport.height)),
  };
}

/** A scroll position: how far the content is panned left and up, in px. */
export interface PanOffset {
  left: number;
  top: number;
}

/** Where a cell is drawn in the content, in px. */
export interface CellBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The pan offset nearest to `current` that shows all of `cursor` with `margin` px around it
 * where the range allows, clamped to `range`: following the cursor moves as little as it can.
 */
export function followCursor(
  current: PanOffset,
  cursor: CellBox,
  viewport: Extent,
  range: Extent,
  margin: number,
): PanOffset {
  return {
    left: keepInView(current.left, cursor.left, cursor.width, viewport.width, range.width, margin),
    top: keepInView(current.top, cursor.top, cursor.height, viewport.height, range.height, margin),
  };
}

/** One axis of followCursor. */
function keepInView(
  offset: number,
  start: number,
  size: number,
  view: number,
  range: number,
  margin: number,
): number {
  // A margin larger than the room around the cell would make the two edges fight.
  const room = Math.max(0, Math.min(margin, (view - size) / 2));
  let next = offset;
  if (start - room < next) next = start - room;
  else if (start + size + room > next + view) next = start + size + room - view;
  return Math.round(Math.min(range, Math.max(0, next)));
}

/** The zoom level nearest to `zoom` times a pinch's `scale` (the fingers' distance ratio). */
export function pinchedZoom(zoom: number, scale: number): number {
  const wanted = zoom * scale;
  let best: number = ZOOM_LEVELS[0];
  for (const level of ZOOM_LEVELS)
    if (Math.abs(Math.log(level / wanted)) < Math.abs(Math.log(best / wanted))) best = level;
  return best;
}
