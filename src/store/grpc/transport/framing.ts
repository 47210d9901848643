// gRPC's length-prefixed message framing: splits request bodies into messages and frames responses.
import { status } from '@grpc/grpc-js';

/** The 5-byte prefix of every gRPC message: a compressed flag and a big-endian length. */
const PREFIX_BYTES = 5;

/** A request body that breaks gRPC's framing or limits; `code` is the gRPC status to answer with. */
export class FramingError extends Error {
  constructor(
    readonly code: status,
    readonly details: string,
  ) {
    super(details);
    this.name = 'FramingError';
  }
}

/**
 * Reads the messages of one request body, however HTTP/2 splits or packs them into DATA chunks.
 *
 * @example
 *   const reader = new MessageReader(4 * 1024 * 1024, 'identity');
 *   stream.on('data', (chunk) => { for (const message of reader.read(chunk)) handle(message); });
 */
export class MessageReader {
  /** Bytes of an unfinished prefix or message, kept until the rest arrives. */
  private parts: Buffer[] = [];
  private partBytes = 0;
  /** Bytes the unfinished message needs in all, prefix included; 0 while its prefix is incomplete. */
  private needed = 0;

  /**
   * @param maxLength the longest message accepted (`grpc.max_receive_message_length`); -1 for no limit
   * @param encoding the request's `grpc-encoding` header, named when a compressed message is refused
   */
  constructor(
    private readonly maxLength: number,
    private readonly encoding: string | undefined,
  ) {}

  /** The messages completed by `chunk`, without their prefixes. Throws a FramingError. */
  read(chunk: Buffer): Buffer[] {
    let data = chunk;
    if (this.partBytes > 0) {
      this.parts.push(chunk);
      this.partBytes += chunk.length;
      if (this.needed === 0 ? this.partBytes < PREFIX_BYTES : this.partBytes < this.needed) return [];
      data = Buffer.concat(this.parts, this.partBytes);
      this.parts = [];
      this.partBytes = 0;
      this.needed = 0;
    }
    const messages: Buffer[] = [];
    let offset = 0;
    while (data.length - offset >= PREFIX_BYTES) {
      const length = this.checkPrefix(data, offset);
      const end = offset + PREFIX_BYTES + length;
      if (end > data.length) {
        this.needed = PREFIX_BYTES + length;
        break;
      }
      messages.push(data.subarray(offset + PREFIX_BYTES, end));
      offset = end;
    }
    if (offset < data.length) {
      const rest = data.subarray(offset);
      this.parts.push(rest);
      this.partBytes = rest.length;
    }
    return messages;
  }

  /** True when the body so far ends inside a message: a request cut short. */
  get inMessage(): boolean {
    return this.partBytes > 0;
  }

  private checkPrefix(data: Buffer, offset: number): number {
    const flag = data[offset];
    if (flag === 1) {
      throw new FramingError(
        status.UNIMPLEMENTED,
        `grpc: received a message compressed with "${this.encoding ?? 'no declared encoding'}"; this server does not decompress messages, send them uncompressed`,
      );
    }
    if (flag !== 0) {
      throw new FramingError(
        status.INTERNAL,
        `grpc: received a message with an invalid compressed flag ${flag}`,
      );
    }
    const length = data.readUInt32BE(offset + 1);
    if (this.maxLength !== -1 && length > this.maxLength) {
      // grpc-js's wording, which clients and the tests already know.
      throw new FramingError(
        status.RESOURCE_EXHAUSTED,
        `Received message larger than max (${length} vs ${this.maxLength})`,
      );
    }
    return length;
  }
}

/** A serialized message with its gRPC prefix (never compressed). */
export function frameMessage(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(PREFIX_BYTES + message.length);
  framed[0] = 0;
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, PREFIX_BYTES);
  return framed;
}
