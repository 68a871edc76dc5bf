// Reads a JSON state file through its schema: absent → undefined; unreadable or invalid → an
// error naming the file (it is never silently replaced).

import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

export async function readJsonStateFile<T>(
  path: string,
  schema: z.ZodType<T>,
  expected: string,
): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
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
