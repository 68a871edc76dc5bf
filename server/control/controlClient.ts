// The CLI side of the control socket: one JSON request to the running gateway.

import { request } from 'node:http';

export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function callGateway<T>(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath,
        method,
        path,
        headers: payload
          ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          const parsed = parseJson(text);
          if (status >= 400) {
            const message = (parsed as { error?: { message?: string } } | undefined)?.error
              ?.message;
            reject(new ControlError(message ?? `the gateway answered ${status}`, status));
            return;
          }
          resolve(parsed as T);
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
        reject(
          new ControlError(
            `no running gateway answers on ${socketPath}; start it with tmuxgate serve`,
            0,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new ControlError(`permission denied on ${socketPath}: run this as the gateway's user`, 0),
        );
      } else reject(error);
    });
    req.end(payload);
  });
}
