// Building blocks the configuration schemas share: zod error options, value tests, path fields.

import { isIP } from 'node:net';
import { isAbsolute } from 'node:path';
import * as z from 'zod';

/** The highest TCP port number. */
export const MAX_PORT = 65535;

export const BOOLEAN_RULE = 'must be true or false';

/** A problem found outside zod (rules across entries): where in the file, and what is wrong. */
export interface ConfigProblem {
  path: readonly PropertyKey[];
  message: string;
}

/** A zod error option: `missing` when the key is absent, `text` for any other wrong value. */
export function rule(text: string, missing = 'required') {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : text) };
}

/** Whether a parsed YAML value is a mapping (not a list, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An IP address, or a host name of letters, digits, dots and dashes. */
export function isHost(value: string): boolean {
  return isIP(value) !== 0 || /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(value);
}

/** A string field holding an absolute path (no NUL byte), with `text` as its error. */
export function absolutePathField(text: string) {
  return z.string(rule(text)).refine((path) => isAbsolute(path) && !path.includes('\0'), text);
}

/** A host name or IP address field, with `text` as its error (the two listeners word it apart). */
export function hostField(text: string) {
  return z.string(rule(text)).refine(isHost, text);
}

/** A TCP port field from `min` to MAX_PORT, with that rule as its error. */
export function portField(min: number) {
  const text = `must be a whole number from ${min} to ${MAX_PORT}`;
  return z.int(rule(text)).min(min, text).max(MAX_PORT, text);
}
