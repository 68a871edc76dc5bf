// One error type for HTTP answers and the one final handler that turns errors into JSON; the
// same answers, written raw, refuse WebSocket upgrades.

import type { ErrorRequestHandler, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { BadProxyIdentity } from '../auth/proxyLogin.js';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The answer to a request that needs a login and has none (HTTP and WebSocket upgrades alike). */
export function signInFirst(): HttpError {
  return new HttpError(401, 'unauthenticated', 'Sign in first.');
}

/** The answer an error means for the client: an HttpError as it is, a bad proxy identity as 400;
 * undefined for any other error (an internal one). */
export function clientAnswer(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof BadProxyIdentity) return new HttpError(400, error.code, error.message);
  return undefined;
}

/** Answers a refused WebSocket upgrade on its raw socket (no WebSocket exists), then ends it. */
export function refuseUpgrade(socket: Duplex, error: HttpError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const headers = Object.entries(error.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      headers.join('') +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

interface BodyParserError {
  type?: string;
  status?: number;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const answer = clientAnswer(error);
    if (answer) {
      res.set(answer.headers);
      sendError(res, answer.status, answer.code, answer.message);
      return;
    }
    const parserError = error as BodyParserError;
    if (parserError.type === 'entity.parse.failed') {
      sendError(res, 400, 'invalid_json', 'The request body is not valid JSON.');
      return;
    }
    if (parserError.type === 'entity.too.large') {
      sendError(res, 413, 'body_too_large', 'The request body is too large.');
      return;
    }
    if (
      typeof parserError.status === 'number' &&
      parserError.status >= 400 &&
      parserError.status < 500
    ) {
      sendError(res, parserError.status, 'bad_request', 'The request could not be read.');
      return;
    }
    log.error('http_internal_error', {
      method: req.method,
      path: req.path,
      error: errorMessage(error),
    });
    sendError(res, 500, 'internal', 'Something went wrong inside the gateway.');
  };
}
