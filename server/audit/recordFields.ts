// Bounds what one audit record can hold: a field a client chose (a user name typed at a failed
// login, a guest's display name) is cut to a fixed length, so a line's size never depends on it.

/** Longer than any valid name, session or address; a client's 10 KB name costs 128 characters. */
export const MAX_AUDIT_FIELD_CHARS = 128;

/** Marks a field that was cut. */
const CUT_MARK = '…';

export function boundedField(value: string): string {
  if (value.length <= MAX_AUDIT_FIELD_CHARS) return value;
  return `${value.slice(0, MAX_AUDIT_FIELD_CHARS - CUT_MARK.length)}${CUT_MARK}`;
}

/** The record with every string field bounded. */
export function boundedRecord<T extends object>(record: T): T {
  const bounded: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    bounded[key] = typeof value === 'string' ? boundedField(value) : value;
  }
  return bounded as T;
}

/**
 * One JSON line. JSON.stringify leaves U+2028 and U+2029 raw, and some readers end lines there:
 * they are escaped, so a name cannot split or forge a line.
 */
export function auditLine(record: object): string {
  return `${JSON.stringify(record).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}\n`;
}
