// The boundary around the HTTP server itself: a request too malformed to reach express gets a
// status line and a log line, and an error of the listening socket (EMFILE on accept) is logged;
// neither ends the process.

import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.js';
import { errorMessage } from '../log.js';

/** Node's parser codes that are the client's fault in a way a status names more exactly than 400. */
const STATUS_FOR_PARSER_ERROR: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
};

export function guardHttpServer(server: Server, log: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const code = error.code ?? 'unknown';
    log.info('http_client_error', { code, ip: remoteAddress(socket) });
    if (code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = STATUS_FOR_PARSER_ERROR[code] ?? '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  });
  server.on('error', (error) => {
    if (!server.listening) return; // listen() reports its own failure to the caller
    log.error('http_server_error', { error: errorMessage(error) });
  });
}

function remoteAddress(socket: Duplex): string | undefined {
  return (socket as Duplex & { remoteAddress?: string }).remoteAddress;
}
