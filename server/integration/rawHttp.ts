// Raw HTTP for tests: bytes on a TCP connection exactly as given, for requests no HTTP client sends.

import { connect } from 'node:net';

/** Sends `request` and resolves with what came back before the gateway closed (or a timeout). */
export function rawRequest(
  url: string,
  request: string | Buffer,
  timeoutMs = 5000,
): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(request);
  });
}
