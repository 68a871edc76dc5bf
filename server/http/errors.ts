// One error type for HTTP answers and the one final handler that turns errors into JSON.

import type { ErrorRequestHandler, Response } from 'express';
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
    if (error instanceof BadProxyIdentity) {
      sendError(res, 400, error.code, error.message);
      return;
    }
    if (error instanceof HttpError) {
      res.set(error.headers);
      sendError(res, error.status, error.code, error.message);
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
