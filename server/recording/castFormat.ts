// The asciicast v2 lines tmuxgate writes, and the names of recording files. Pure, no I/O.
//
// A file is one JSON header line, then one JSON array per event: [seconds, code, data].
// Codes: "o" output, "i" input, "m" marker (tmuxgate: the user whose input follows), "r" resize
// ("COLSxROWS"). Players that know only "o" (asciinema play) skip the others.

export const CAST_VERSION = 2;
/** The terminal the recorded tmux client runs in (its pty's TERM). */
export const CAST_TERM = 'xterm-256color';
export const CAST_EXTENSION = '.cast';

export type CastEventCode = 'o' | 'i' | 'm' | 'r';

export interface CastHeader {
  version: typeof CAST_VERSION;
  width: number;
  height: number;
  /** Start of the recording, whole seconds since the epoch. */
  timestamp: number;
  title: string;
  env: { TERM: string };
}

/** Event times are written to the millisecond: finer than a screen refresh, and short lines. */
const TIME_DECIMALS = 3;

export function castHeader(width: number, height: number, startMs: number, title: string): string {
  const header: CastHeader = {
    version: CAST_VERSION,
    width,
    height,
    timestamp: Math.floor(startMs / 1000),
    title,
    env: { TERM: CAST_TERM },
  };
  return `${JSON.stringify(header)}\n`;
}

export function castEvent(seconds: number, code: CastEventCode, data: string): string {
  return `${JSON.stringify([Number(seconds.toFixed(TIME_DECIMALS)), code, data])}\n`;
}

/**
 * A recording's id is its file name without `.cast`: the UTC start time in ISO 8601 basic format
 * to the millisecond, and `-N` when several start within one millisecond. Ids are the only
 * thing a request names, and they never contain a path separator or a dot-dot.
 */
export const RECORDING_ID_PATTERN = /^(\d{8}T\d{6}\.\d{3}Z)(?:-(\d{1,3}))?$/;
export const RECORDING_FILE_PATTERN = /^\d{8}T\d{6}\.\d{3}Z(?:-\d{1,3})?\.cast$/;

/** How many `-N` suffixes to try before giving up on a file name (far more than can collide). */
export const MAX_ID_SUFFIX = 999;

export function isRecordingId(id: string): boolean {
  return RECORDING_ID_PATTERN.test(id);
}

/** `20240501T123456.789Z` for 2024-05-01T12:34:56.789Z, with `-suffix` when given. */
export function recordingId(startMs: number, suffix = 0): string {
  const basic = new Date(startMs).toISOString().replace(/[-:]/g, '');
  return suffix === 0 ? basic : `${basic}-${suffix}`;
}

/** The start time encoded in an id, or undefined when it is not one. */
export function recordingStart(id: string): Date | undefined {
  const match = RECORDING_ID_PATTERN.exec(id);
  const basic = match?.[1];
  if (basic === undefined) return undefined;
  const iso = `${basic.slice(0, 4)}-${basic.slice(4, 6)}-${basic.slice(6, 11)}:${basic.slice(11, 13)}:${basic.slice(13)}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
