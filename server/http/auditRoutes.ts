// The audit trail for administrators: GET /api/audit?session=&since=&until= reads audit.log and
// returns the matching records, newest last.

import express, { type Router } from 'express';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AUDIT_FILE } from '../audit.js';
import { rotatedPath } from '../audit/rotatingFile.js';
import type { Authenticator } from '../auth/authenticator.js';
import { auditQuerySchema } from '../../shared/api/account.js';
import { api, type ResponseOf } from '../../shared/httpApi.js';
import { reply, underApi } from './apiRoute.js';
import { HttpError, signInFirst } from './errors.js';
import { validationMessage } from '../validation.js';

/** An answer holds at most this many records (the newest); narrow the query for older ones. */
export const MAX_AUDIT_RECORDS = 10_000;

/** One line of audit.log, as written (audit.ts): its time and event, and the event's fields. */
type AuditRecord = ResponseOf<typeof api.audit>[number];

export function auditApi(context: { auth: Authenticator; stateDir: string }): Router {
  const router = express.Router();
  router.get(underApi(api.audit), async (req, res) => {
    const identity = context.auth.identity(req);
    if (!identity) throw signInFirst();
    if (!identity.admin)
      throw new HttpError(403, 'forbidden', 'Only administrators can read the audit log.');
    const query = auditQuerySchema.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'invalid_query', validationMessage(query.error));
    const since = query.data.since ? Date.parse(query.data.since) : -Infinity;
    const until = query.data.until ? Date.parse(query.data.until) : Infinity;
    const records: AuditRecord[] = [];
    for await (const line of auditLines(context.stateDir)) {
      let record: AuditRecord;
      try {
        record = JSON.parse(line) as AuditRecord;
      } catch {
        continue;
      }
      const time = Date.parse(record.time ?? '');
      if (time < since || time > until) continue;
      if (query.data.session !== undefined && record.session !== query.data.session) continue;
      records.push(record);
      if (records.length >= 2 * MAX_AUDIT_RECORDS)
        records.splice(0, records.length - MAX_AUDIT_RECORDS);
    }
    reply(res, api.audit, records.slice(-MAX_AUDIT_RECORDS));
  });
  return router;
}

/** The audit log's files, oldest first: `audit.log.<n>` … `audit.log.1`, then `audit.log`. */
export async function auditFiles(stateDir: string): Promise<string[]> {
  const generations: number[] = [];
  for (const name of await readdir(stateDir)) {
    if (name === AUDIT_FILE) generations.push(0);
    const rotated = name.startsWith(`${AUDIT_FILE}.`) ? name.slice(AUDIT_FILE.length + 1) : '';
    if (/^[1-9]\d{0,5}$/.test(rotated)) generations.push(Number(rotated));
  }
  return generations
    .sort((a, b) => b - a)
    .map((generation) => join(stateDir, rotatedPath(AUDIT_FILE, generation)));
}

/** Every line of every audit file, oldest first (a file rotated away meanwhile is skipped). */
async function* auditLines(stateDir: string): AsyncGenerator<string> {
  for (const path of await auditFiles(stateDir)) {
    const input = createReadStream(path);
    const opened = await new Promise<boolean>((resolve) => {
      input.once('open', () => resolve(true));
      input.once('error', () => resolve(false));
    });
    if (!opened) continue;
    yield* createInterface({ input, crlfDelay: Infinity });
  }
}
