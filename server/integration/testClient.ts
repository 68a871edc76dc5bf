// A protocol-v1 client for tests: speaks to the real gateway over a real WebSocket and renders
// what it receives in a headless xterm.js, so tests assert on the screen a browser would show.

import WebSocket from 'ws';
import xtermHeadless from '@xterm/headless';
import {
  decodeServerMessage,
  encodeMessage,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/protocol.js';
import { waitFor } from './tmuxFixture.js';

const { Terminal } = xtermHeadless;

export interface TestClientOptions {
  url: string;
  session?: string;
  cookie?: string;
  origin?: string;
  cols?: number;
  rows?: number;
  /** Acknowledge output as the headless terminal processes it (a healthy browser). */
  ack?: boolean;
  /** Answer the server's pings (browsers always do); false simulates a dead link. */
  autoPong?: boolean;
  /** Viewer: follow the session's window (`fit=1`), taking the size of each `window` message. */
  fit?: boolean;
  /** For wss: certificates to trust (a test's self-signed one). */
  ca?: Buffer | Buffer[];
  /** For wss: false accepts any certificate (default true). */
  rejectUnauthorized?: boolean;
  /** More request headers (what a reverse proxy would add: X-Forwarded-For, …). */
  headers?: Record<string, string>;
  /** Offer permessage-deflate, as every browser does (default: offer nothing). */
  offerCompression?: boolean;
}

export class TestClient {
  readonly messages: ServerMessage[] = [];
  readonly decodeErrors: string[] = [];
  readonly term: InstanceType<typeof Terminal>;
  receivedBytes = 0;
  closeCode: number | undefined;
  closeReason = '';
  acking: boolean;
  private unackedProcessed = 0;

  private constructor(
    readonly ws: WebSocket,
    options: TestClientOptions,
  ) {
    this.acking = options.ack ?? true;
    this.term = new Terminal({
      cols: options.cols ?? 80,
      rows: options.rows ?? 24,
      allowProposedApi: true,
    });
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.receivedBytes += data.length;
        this.term.write(new Uint8Array(data), () => this.processed(data.length));
        return;
      }
      const decoded = decodeServerMessage(data.toString('utf8'));
      if (!decoded.ok) {
        this.decodeErrors.push(decoded.error);
        return;
      }
      this.messages.push(decoded.message);
      const message = decoded.message;
      // As the page does: resize once the output drawn at the old size has been parsed.
      if (message.type === 'window') {
        this.term.write('', () => this.term.resize(message.cols, message.rows));
      }
    });
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
    });
  }

  static async connect(options: TestClientOptions): Promise<TestClient> {
    const ws = TestClient.open(options);
    const client = new TestClient(ws, options);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
    });
    return client;
  }

  /** Attempts an upgrade and returns the HTTP status of the refusal (or 101). */
  static async upgradeStatus(options: TestClientOptions): Promise<number> {
    const ws = TestClient.open(options);
    return new Promise((resolve) => {
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('error', () => resolve(0));
    });
  }

  private static open(options: TestClientOptions): WebSocket {
    const wsUrl = new URL(options.url);
    // An https gateway is reached over wss, as a browser would.
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    wsUrl.pathname = `/api/sessions/${options.session ?? 'main'}/ws`;
    wsUrl.search = `?cols=${options.cols ?? 80}&rows=${options.rows ?? 24}`;
    if (options.fit) wsUrl.search += '&fit=1';
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.Cookie = options.cookie;
    headers.Origin = options.origin ?? new URL(options.url).origin;
    return new WebSocket(wsUrl, {
      headers,
      perMessageDeflate: options.offerCompression ?? false,
      autoPong: options.autoPong ?? true,
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}),
    });
  }

  private processed(bytes: number): void {
    this.unackedProcessed += bytes;
    if (this.acking) this.flushAck();
  }

  flushAck(): void {
    if (this.unackedProcessed > 0 && this.ws.readyState === WebSocket.OPEN) {
      this.send({ type: 'ack', bytes: this.unackedProcessed });
      this.unackedProcessed = 0;
    }
  }

  send(message: ClientMessage): void {
    this.ws.send(encodeMessage(message));
  }

  sendRaw(text: string): void {
    this.ws.send(text);
  }

  type(text: string): void {
    this.ws.send(Buffer.from(text, 'utf8'), { binary: true });
  }

  /** The visible screen, one line per row, right-trimmed. */
  screen(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.term.rows; row += 1) {
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  }

  async waitForScreen(pattern: RegExp, timeoutMs?: number): Promise<void> {
    await waitFor(`screen to match ${pattern}`, () => pattern.test(this.screen()), timeoutMs);
  }

  async waitForMessage<T extends ServerMessage['type']>(
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    return waitFor(
      `a "${type}" message`,
      () => this.messages.find((m): m is Extract<ServerMessage, { type: T }> => m.type === type),
      timeoutMs,
    );
  }

  async waitForClose(timeoutMs?: number): Promise<number> {
    return waitFor('the socket to close', () => this.closeCode, timeoutMs);
  }

  close(): void {
    this.ws.close();
    this.term.dispose();
  }
}

/** Waits until `viewer` shows exactly `reference`'s screen; on a timeout prints both. */
export async function sameScreen(
  viewer: TestClient,
  reference: TestClient,
  what: string,
): Promise<void> {
  try {
    await waitFor(
      `${what}: the same screen as the writer`,
      () => viewer.screen() === reference.screen(),
    );
  } catch (error) {
    console.log(`--- ${what}:\n${viewer.screen()}\n--- writer:\n${reference.screen()}\n---`);
    throw error;
  }
}
