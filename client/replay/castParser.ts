// Reads an asciicast v2 file (as the gateway writes it) into a header and time-ordered events.
// Pure: no DOM, so it has unit tests. The file's content is untrusted text.

/** Terminal sizes beyond these are not a real recording; the player would freeze drawing them. */
const MAX_COLS = 1000;
const MAX_ROWS = 500;

export interface CastHeader {
  width: number;
  height: number;
  /** Start of the recording, seconds since the epoch, when the header says. */
  timestamp: number | undefined;
  title: string | undefined;
}

/** One event: "o" output, "i" input, "m" marker (the typist, for tmuxgate), "r" resize. */
export interface CastEvent {
  time: number;
  code: string;
  data: string;
}

export interface Cast {
  header: CastHeader;
  /** Ordered by time (times that go down in the file are raised to the one before). */
  events: CastEvent[];
  /** Time of the last event, in seconds. */
  duration: number;
  /** Lines that were not events (skipped): a cut-off last line while the file is written, say. */
  skipped: number;
}

export class CastParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CastParseError';
  }
}

function isSize(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}

function parseHeader(line: string | undefined): CastHeader {
  let header: unknown;
  try {
    header = JSON.parse(line ?? '');
  } catch {
    throw new CastParseError('The recording does not start with an asciicast header.');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new CastParseError('The recording does not start with an asciicast header.');
  }
  const fields = header as Record<string, unknown>;
  if (fields.version !== 2) throw new CastParseError('Only asciicast version 2 can be played.');
  if (!isSize(fields.width, MAX_COLS) || !isSize(fields.height, MAX_ROWS)) {
    throw new CastParseError('The recording has no valid terminal size.');
  }
  return {
    width: fields.width,
    height: fields.height,
    timestamp: typeof fields.timestamp === 'number' ? fields.timestamp : undefined,
    title: typeof fields.title === 'string' ? fields.title : undefined,
  };
}

export function parseCast(text: string): Cast {
  const lines = text.split('\n');
  const header = parseHeader(lines[0]);
  const events: CastEvent[] = [];
  let skipped = 0;
  let last = 0;
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (!Array.isArray(event) || event.length < 3) {
      skipped++;
      continue;
    }
    const [time, code, data] = event as unknown[];
    if (typeof time !== 'number' || !Number.isFinite(time) || typeof code !== 'string') {
      skipped++;
      continue;
    }
    if (typeof data !== 'string') {
      skipped++;
      continue;
    }
    last = Math.max(last, time);
    events.push({ time: last, code, data });
  }
  return { header, events, duration: last, skipped };
}

/** The size in an "r" event's data ("COLSxROWS"), or undefined when it is not a sane one. */
export function parseSize(data: string): { cols: number; rows: number } | undefined {
  const match = /^(\d{1,4})x(\d{1,4})$/.exec(data);
  if (!match) return undefined;
  const cols = Number(match[1]);
  const rows = Number(match[2]);
  return isSize(cols, MAX_COLS) && isSize(rows, MAX_ROWS) ? { cols, rows } : undefined;
}

/** How many events happen at or before `time` (events are ordered by time). */
export function eventsUntil(events: readonly CastEvent[], time: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((events[middle]?.time ?? Infinity) <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}
