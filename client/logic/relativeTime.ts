// Says how far away a moment is, for link expiries: "in 1 h 59 min", "in 6 d 23 h" (pure).

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Time until `target`, rounded down to whole minutes so it never promises more than is left, in
 * the two largest units. Moments already past read "expired".
 */
export function timeUntil(target: number, now: number): string {
  const left = target - now;
  if (left <= 0) return 'expired';
  if (left < MINUTE_MS) return 'in less than a minute';
  const days = Math.floor(left / DAY_MS);
  const hours = Math.floor((left % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((left % HOUR_MS) / MINUTE_MS);
  const parts =
    days > 0
      ? [`${String(days)} d`, hours > 0 ? `${String(hours)} h` : '']
      : hours > 0
        ? [`${String(hours)} h`, minutes > 0 ? `${String(minutes)} min` : '']
        : [`${String(minutes)} min`];
  return `in ${parts.filter((part) => part !== '').join(' ')}`;
}
