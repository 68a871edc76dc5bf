// The minimal relay (issue 18): per WebSocket, node-pty runs `tmux attach` and ws relays the
// bytes both ways. No sign-in, no roles but `-r`, no protocol, no flow control: the floor that
// any Node web gateway for tmux pays. Usage: relayServer.ts <tmux socket> <session>; prints
// `relay listening on <port>` once ready.

import type { AddressInfo } from 'node:net';
import { spawn } from 'node-pty';
import { WebSocketServer } from 'ws';

const [socket, session] = process.argv.slice(2);
if (!socket || !session) throw new Error('usage: relayServer.ts <tmux socket> <session>');

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (ws, request) => {
  const query = new URL(request.url ?? '/', 'http://relay').searchParams;
  const readOnly = query.get('role') === 'viewer';
  const pty = spawn(
    'tmux',
    ['-u', '-S', socket, 'attach-session', ...(readOnly ? ['-r'] : []), '-t', `=${session}`],
    {
      name: 'xterm-256color',
      cols: Number(query.get('cols')),
      rows: Number(query.get('rows')),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TERM: 'xterm-256color' },
      encoding: null,
    },
  );
  // With `encoding: null` node-pty hands out Buffers, whatever its typings say.
  pty.onData((data) => ws.send(data, { binary: true }));
  pty.onExit(() => ws.close());
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary && !readOnly) pty.write(data);
  });
  ws.on('close', () => pty.kill());
});
server.on('listening', () => {
  process.stdout.write(`relay listening on ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  for (const client of server.clients) client.terminate();
  server.close(() => process.exit(0));
});
