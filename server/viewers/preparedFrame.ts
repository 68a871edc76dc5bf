// One message framed once (RFC 6455 §5.2) for many browsers: a viewer group hands the same frame
// to every member, and each member's socket writes its wire bytes as they are
// (server/ws/framedWrite.ts), so no member frames, allocates or copies anything of its own.

/** RFC 6455 §5.2 opcodes. */
const OPCODE_TEXT = 0x1;
const OPCODE_BINARY = 0x2;
/** FIN bit of the first header byte: the message is one frame. */
const FIN = 0x80;
/** Payload lengths up to this fit the 7-bit length field; 126 and 127 announce longer ones. */
const MAX_SHORT_LENGTH = 125;
/** Up to this the length is a 16-bit field after the marker 126; above, a 64-bit one after 127. */
const MAX_MEDIUM_LENGTH = 0xffff;
const MEDIUM_MARKER = 126;
const LONG_MARKER = 127;

export type FrameKind = 'binary' | 'text';

/** One message for many sockets; the wire bytes (header and payload) are built at first use. */
export class PreparedFrame {
  private wireBytes: Buffer | undefined;

  constructor(
    readonly payload: Buffer,
    readonly kind: FrameKind = 'binary',
  ) {}

  /** Payload bytes: what flow control counts and what a browser acks. */
  get length(): number {
    return this.payload.length;
  }

  /** The whole unmasked server frame (RFC 6455 §5.2), built once. */
  get wire(): Buffer {
    this.wireBytes ??= Buffer.concat([frameHeader(this.payload.length, this.kind), this.payload]);
    return this.wireBytes;
  }
}

/** The header of a final, unmasked, uncompressed frame carrying `length` bytes. */
export function frameHeader(length: number, kind: FrameKind): Buffer {
  const first = FIN | (kind === 'binary' ? OPCODE_BINARY : OPCODE_TEXT);
  if (length <= MAX_SHORT_LENGTH) return Buffer.from([first, length]);
  if (length <= MAX_MEDIUM_LENGTH) {
    const header = Buffer.from([first, MEDIUM_MARKER, 0, 0]);
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = first;
  header[1] = LONG_MARKER;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}
