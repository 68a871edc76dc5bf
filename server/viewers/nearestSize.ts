// Where a viewer goes when its session already has as many own-size groups as it may (pure).

export interface GridSize {
  cols: number;
  rows: number;
}

/**
 * A shared size must have at least this share of the columns and of the rows asked for: someone
 * holding the own-size groups at tiny sizes must not shrink everyone else's picture to them.
 */
export const MIN_SHARED_FRACTION = 0.5;

/**
 * The largest of `sizes` (by area, then width) that fits inside `wanted` and is not much smaller
 * (MIN_SHARED_FRACTION): a viewer shown it sees the whole picture, at the top left of its
 * terminal. Undefined when none does: the viewer is then given the window's group instead, whose
 * size the session's writers chose, never one picked by whoever holds the own-size groups.
 */
export function nearestFittingSize(
  wanted: GridSize,
  sizes: Iterable<GridSize>,
): GridSize | undefined {
  let best: GridSize | undefined;
  for (const size of sizes) {
    if (size.cols > wanted.cols || size.rows > wanted.rows) continue;
    if (size.cols < wanted.cols * MIN_SHARED_FRACTION) continue;
    if (size.rows < wanted.rows * MIN_SHARED_FRACTION) continue;
    if (!best || isLarger(size, best)) best = size;
  }
  return best;
}

function isLarger(a: GridSize, b: GridSize): boolean {
  const areaA = a.cols * a.rows;
  const areaB = b.cols * b.rows;
  return areaA !== areaB ? areaA > areaB : a.cols > b.cols;
}
