// Reads a JSON state file through its schema: absent → undefined; unreadable or invalid → an
// error naming the file (it is never silently replaced). Links are refused, never followed.

import type { z } from 'zod';
import { readStateText } from './noFollow.js';

export async function readJsonStateFile<T>(
  path: string,
  schema: z.ZodType<T>,
  expected: string,
): Promise<T | undefined> {
  const text = await readStateText(path);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`${path}: corrupt state file (not ${expected}); fix or remove it`);
  }
  return result.data;
}
