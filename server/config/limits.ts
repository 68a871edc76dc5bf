// The sections of the configuration that bound resources: recordings, the audit log's rotation,
// and what one gateway accepts from its clients. Each value's default is written here, once.

import * as z from 'zod';
import { DEFAULT_AUDIT_ROTATION } from '../audit.js';
import { rule } from './rules.js';

/** Recording limits: below these a file would rotate on every screen redraw, or vanish too soon. */
const MIN_RECORDING_FILE_BYTES = 64 * 1024;
const MAX_RECORDING_FILE_BYTES = 1024 ** 4;
const MIN_RECORDING_FILE_SECONDS = 60;
const MAX_RECORDING_FILE_SECONDS = 7 * 24 * 60 * 60;
const MAX_RETENTION_DAYS = 36500;
/** Audit files: below 64 KiB a day's logins would rotate away the morning; 1,000 files at most. */
const MIN_AUDIT_FILE_BYTES = 64 * 1024;
const MAX_AUDIT_FILE_BYTES = 1024 ** 4;
const MAX_AUDIT_RETAIN_FILES = 1000;

/** A whole number from `min` to `max`, with that rule as its error. */
function wholeNumber(min: number, max: number) {
  const text = `must be a whole number from ${min} to ${max}`;
  return z.int(rule(text)).min(min, text).max(max, text);
}

/**
 * Limits of session recordings (docs/recording.md). 50 MB and one hour per file keep each
 * download and each replay quick; a month of history.
 */
export const recordingSchema = z.strictObject(
  {
    /** A file is closed and a new one started before it would grow past this many bytes. */
    maxFileBytes: wholeNumber(MIN_RECORDING_FILE_BYTES, MAX_RECORDING_FILE_BYTES).default(
      50 * 1024 * 1024,
    ),
    /** … or once it covers this many seconds. */
    maxFileSeconds: wholeNumber(MIN_RECORDING_FILE_SECONDS, MAX_RECORDING_FILE_SECONDS).default(
      60 * 60,
    ),
    /** Files last written more than this many days ago are removed. */
    retentionDays: wholeNumber(1, MAX_RETENTION_DAYS).default(30),
  },
  rule('must be a mapping with maxFileBytes, maxFileSeconds and retentionDays'),
);

/** The audit log rotates by size: `audit.log.1` … `audit.log.<retainFiles>`, the oldest removed. */
export const auditSchema = z.strictObject(
  {
    /** A file is rotated before a line would take it past this many bytes. */
    maxFileBytes: wholeNumber(MIN_AUDIT_FILE_BYTES, MAX_AUDIT_FILE_BYTES).default(
      DEFAULT_AUDIT_ROTATION.maxFileBytes,
    ),
    /** Rotated files kept besides the current one. */
    retainFiles: wholeNumber(1, MAX_AUDIT_RETAIN_FILES).default(DEFAULT_AUDIT_ROTATION.retainFiles),
  },
  rule('must be a mapping with maxFileBytes and retainFiles'),
);

/**
 * What one gateway accepts, whoever asks (docs/operations.md). Over a limit: a clear refusal and
 * a log line.
 *
 * The defaults: a paste of a large file is about 1 MB; keystrokes are a few bytes. 2,000 browsers
 * is this design's goal on two cores; 500 on one session leaves room for others. One person
 * rarely has more than a few tabs open (32 is generous); half a session from one address still
 * lets an office behind one NAT watch a presentation, while no single address can fill a
 * session; 10 places are enough for every responder of an incident to join a session full of
 * watchers. An own-size group at the largest size (1000x500) holds about 12 MB in the gateway: 8
 * bound a session to about 100 MB, and viewers follow the window unless they choose otherwise, so
 * few sizes are ever wanted. A page sends at most about 25 control messages a second (a resize
 * and a partial ack every 100 ms, a ping every 5 s): 50 is twice that.
 */
export const limitsSchema = z.strictObject(
  {
    /** Largest WebSocket frame from a browser; larger ones close the socket with 1009. */
    maxFrameBytes: wholeNumber(1024, 64 * 1024 * 1024).default(1024 * 1024),
    /** Keyboard input one client may send per second, on average (bursts of a few seconds allowed); past it the client is closed with exit error (4400). */
    inputBytesPerSecond: wholeNumber(1024, 1024 * 1024 * 1024).default(1024 * 1024),
    /** Browsers at once on one session; the next upgrade gets 503. */
    clientsPerSession: wholeNumber(1, 100_000).default(500),
    /** Browsers at once on the whole gateway; the next upgrade gets 503. */
    totalClients: wholeNumber(1, 100_000).default(2000),
    /** Browsers at once on one login (one sign-in, one guest's link use), all sessions; the next gets 429. */
    clientsPerLogin: wholeNumber(1, 100_000).default(32),
    /** Browsers at once from one address (X-Forwarded-For from trusted proxies); the next gets 429. */
    clientsPerAddress: wholeNumber(1, 100_000).default(250),
    /**
     * Of clientsPerSession and totalClients, the last places kept for the session's own writers
     * and owners: guests and viewers get 503 before them.
     */
    reservedClientsPerSession: wholeNumber(0, 100_000).default(10),
    /** Largest JSON request body; larger ones get 413. */
    httpBodyBytes: wholeNumber(1024, 16 * 1024 * 1024).default(16 * 1024),
    /**
     * Viewer groups at a size of their own (one tmux client and one headless terminal each) at
     * once on one session; past it a viewer shares the largest that fits inside its size, or else
     * the window's group. 0: every viewer sees the window.
     */
    ownSizeGroupsPerSession: wholeNumber(0, 1000).default(8),
    /**
     * Control messages (resize, fit, ping, request-write, and acks of less than a chunk) one
     * browser may send per second, on average (bursts of a few seconds allowed); past it the
     * client is closed with exit limit (4429). Below 30 a page's own resizes and acks could go
     * over it.
     */
    controlMessagesPerSecond: wholeNumber(30, 100_000).default(50),
  },
  rule('must be a mapping of limits'),
);
