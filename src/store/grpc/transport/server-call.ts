// What every call shares: reading request messages, sending the response, the status and the deadline.
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { status } from '@grpc/grpc-js';
import { parseGrpcTimeout } from './deadline.js';
import { FramingError, frameMessage, MessageReader } from './framing.js';
import { encodeGrpcMessage } from './grpc-message.js';
import type { CallStatus, Method } from './methods.js';
import type { MessageLimits } from './settings.js';

const CONTENT_TYPE = 'application/grpc+proto';
/** Compression is not implemented: clients learn it from this header and send plain messages. */
const ACCEPT_ENCODING = 'identity';

/** An error as a handler reports it: a grpc-js ServiceError, a `{ code, details }`, or any Error. */
export type HandlerError = Partial<CallStatus> & { message?: string };

/** The status grpc-js sends for an error a handler reports (its `serverErrorToStatus`). */
export function errorStatus(error: HandlerError): CallStatus {
  if (typeof error.code === 'number' && Number.isInteger(error.code)) {
    return {
      code: error.code,
      details: typeof error.details === 'string' ? error.details : (error.message ?? 'Unknown Error'),
    };
  }
  return { code: status.UNKNOWN, details: error.message ?? 'Unknown Error' };
}

/** Answers a stream with only a status (a trailers-only response), when it has sent nothing yet. */
export function respondWithStatus(stream: ServerHttp2Stream, { code, details }: CallStatus): void {
  if (stream.closed || stream.destroyed || stream.headersSent) return;
  stream.respond(
    {
      ':status': 200,
      'content-type': CONTENT_TYPE,
      'grpc-accept-encoding': ACCEPT_ENCODING,
      'grpc-status': String(code),
      'grpc-message': encodeGrpcMessage(details),
    },
    { endStream: true },
  );
}

/** One gRPC call on one HTTP/2 stream. Subclasses decide when the handler runs and what it sees. */
export abstract class ServerCall extends EventEmitter {
  /** True once the client cancelled, went away, or the deadline passed. */
  cancelled = false;
  /** True once a status is sent or the stream is gone: nothing more is sent. */
  protected finished = false;
  private readonly reader: MessageReader;
  private deadline = Number.POSITIVE_INFINITY;
  private deadlineTimer: NodeJS.Timeout | undefined;

  constructor(
    protected readonly stream: ServerHttp2Stream,
    protected readonly method: Method,
    headers: IncomingHttpHeaders,
    protected readonly limits: MessageLimits,
  ) {
    super();
    const encoding = headers['grpc-encoding'];
    this.reader = new MessageReader(
      limits.maxReceiveBytes,
      typeof encoding === 'string' ? encoding : undefined,
    );
    const timeout = headers['grpc-timeout'];
    if (typeof timeout === 'string') this.startDeadline(timeout);
  }

  getPath(): string {
    return this.method.path;
  }

  getPeer(): string {
    const socket = this.stream.session?.socket;
    if (!socket?.remoteAddress) return 'unknown';
    return socket.remotePort ? `${socket.remoteAddress}:${socket.remotePort}` : socket.remoteAddress;
  }

  /** When the client gives up on the call, in milliseconds since the epoch (Infinity for never). */
  getDeadline(): number {
    return this.deadline;
  }

  /** The request messages completed by `chunk`, deserialized; undefined once the call has failed. */
  protected readRequests(chunk: Buffer): unknown[] | undefined {
    if (this.finished) return undefined;
    let messages: Buffer[];
    try {
      messages = this.reader.read(chunk);
    } catch (err) {
      if (!(err instanceof FramingError)) throw err;
      this.sendStatus(err.code, err.details);
      return undefined;
    }
    const requests: unknown[] = [];
    for (const bytes of messages) {
      try {
        requests.push(this.method.deserialize(bytes));
      } catch {
        // grpc-js's wording; the parser's own message says nothing a client could act on.
        this.sendStatus(status.INTERNAL, 'Error deserializing request');
        return undefined;
      }
    }
    return requests;
  }

  /** At the end of the request body: false (and the call failed) when it stopped inside a message. */
  protected checkRequestEnd(): boolean {
    if (this.finished) return false;
    if (!this.reader.inMessage) return true;
    this.sendStatus(status.INTERNAL, 'grpc: the request ended in the middle of a message');
    return false;
  }

  /** Serializes and frames a response message; undefined (and the call failed) when it cannot. */
  /** The request of a call that takes exactly one (unary, server streaming), as grpc-js's `call.request`. */
  request: unknown = undefined;
  private received = false;

  /** Collects the one request of a unary or server-streaming call; a second one ends the call. */
  protected receiveSingle(chunk: Buffer, kind: string): void {
    const requests = this.readRequests(chunk);
    if (requests === undefined) return;
    for (const request of requests) {
      if (this.received) {
        this.sendStatus(
          status.UNIMPLEMENTED,
          `Received a second request message for ${kind} method ${this.method.path}`,
        );
        return;
      }
      this.received = true;
      this.request = request;
    }
  }

  /** At the end of the request: whether its one message came whole; otherwise the call is ended. */
  protected singleRequestArrived(kind: string): boolean {
    if (!this.checkRequestEnd()) return false;
    if (this.received) return true;
    this.sendStatus(
      status.UNIMPLEMENTED,
      `Received no request message for ${kind} method ${this.method.path}`,
    );
    return false;
  }

  /** Ends the call with a handler's answer: its error's status, or the framed response and OK. */
  protected answer(error: HandlerError | null, value: unknown): void {
    if (this.finished) return;
    if (error) {
      const { code, details } = errorStatus(error);
      this.sendStatus(code, details);
      return;
    }
    const framed = this.frame(value);
    if (framed !== undefined) this.sendStatus(status.OK, 'OK', framed);
  }

  protected frame(message: unknown): Buffer | undefined {
    let bytes: Buffer;
    try {
      bytes = this.method.serialize(message);
    } catch {
      this.sendStatus(status.INTERNAL, 'Error serializing response');
      return undefined;
    }
    if (this.limits.maxSendBytes !== -1 && bytes.length > this.limits.maxSendBytes) {
      this.sendStatus(
        status.RESOURCE_EXHAUSTED,
        `Sent message larger than max (${bytes.length} vs. ${this.limits.maxSendBytes})`,
      );
      return undefined;
    }
    return frameMessage(bytes);
  }

  /** Sends the response headers before the first message. False when the stream is gone. */
  protected respond(): boolean {
    const stream = this.stream;
    if (stream.headersSent) return true;
    if (stream.closed || stream.destroyed) {
      this.finished = true;
      return false;
    }
    stream.respond(
      { ':status': 200, 'content-type': CONTENT_TYPE, 'grpc-accept-encoding': ACCEPT_ENCODING },
      { waitForTrailers: true },
    );
    return true;
  }

  /** Ends the call with a status: in the trailers, or alone when nothing was sent yet. */
  sendStatus(code: status, details: string, lastMessage?: Buffer): void {
    if (this.finished) return;
    this.finished = true;
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    const stream = this.stream;
    if (stream.closed || stream.destroyed) return;
    if (!stream.headersSent && lastMessage === undefined) {
      respondWithStatus(stream, { code, details });
      return;
    }
    this.respond();
    stream.once('wantTrailers', () => {
      stream.sendTrailers(
        code === status.OK
          ? { 'grpc-status': '0' }
          : { 'grpc-status': String(code), 'grpc-message': encodeGrpcMessage(details) },
      );
    });
    if (lastMessage === undefined) stream.end();
    else stream.end(lastMessage);
  }

  /** The client is gone or the deadline passed: tell the handler, as grpc-js does. */
  protected cancel(): void {
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    if (this.cancelled) return;
    this.finished = true;
    this.cancelled = true;
    this.emit('cancelled', 'cancelled');
  }

  private startDeadline(header: string): void {
    const timeout = parseGrpcTimeout(header);
    if (timeout === undefined) {
      process.nextTick(() => this.sendStatus(status.INTERNAL, `Invalid grpc-timeout value "${header}"`));
      return;
    }
    this.deadline = Date.now() + timeout;
    this.deadlineTimer = setTimeout(() => {
      this.sendStatus(status.DEADLINE_EXCEEDED, 'Deadline exceeded');
      this.onDeadline();
    }, timeout);
    this.stream.once('close', () => clearTimeout(this.deadlineTimer));
  }

  /** Called after the deadline's status is sent. */
  protected abstract onDeadline(): void;
}
