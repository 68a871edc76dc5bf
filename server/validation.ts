// One line that says what is wrong with a request body zod rejected, for a 400 answer.

import type { z } from 'zod';

/** `path.to.field: message` for each issue (`body` for the whole body), joined with `; `. */
export function validationMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}
