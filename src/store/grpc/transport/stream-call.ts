// A streaming call (bidi, server- or client-streaming): grpc-js's duplex call, without Node streams.
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { status } from '@grpc/grpc-js';
import type { Method } from './methods.js';
import { errorStatus, type HandlerError, ServerCall } from './server-call.js';
import type { MessageLimits } from './settings.js';
import type { UnaryCallback } from './unary-call.js';

type StreamHandler = (call: StreamCall, callback?: UnaryCallback) => void;

/**
 * The `call` a streaming handler receives. As on grpc-js's ServerDuplexStream:
 * - 'data' for each request message and 'end' when the client half-closes;
 * - `write(message)` returns false when the client reads too slowly, and 'drain' follows;
 * - `end()` ends the call with OK; `emit('error', { code, details })` ends it with that status;
 * - 'cancelled' when the client cancels or goes away, and 'close' when the stream is gone.
 * A server-streaming handler runs once its one request has arrived, in `call.request`.
 */
export class StreamCall extends ServerCall {
  private closed = false;

  constructor(
    stream: ServerHttp2Stream,
    method: Method,
    headers: IncomingHttpHeaders,
    limits: MessageLimits,
  ) {
    super(stream, method, headers, limits);
    // A handler's error, or one emitted to end the call, is sent as the status (as grpc-js does).
    this.on('error', (error: HandlerError) => {
      const { code, details } = errorStatus(error);
      this.sendStatus(code, details);
    });
    stream.on('close', () => {
      if (!this.finished) this.cancel();
      this.close();
    });
    stream.on('drain', () => this.emit('drain'));
    if (method.kind === 'serverStream') {
      stream.on('data', (chunk: Buffer) => this.receiveSingle(chunk, 'server streaming'));
      stream.on('end', () => this.runWithRequest());
    } else {
      stream.on('data', (chunk: Buffer) => this.receive(chunk));
      stream.on('end', () => {
        if (this.checkRequestEnd()) this.emit('end');
      });
      this.run();
    }
  }

  /** Sends a response message. False when the stream's buffer is full: wait for 'drain'. */
  write(message: unknown): boolean {
    if (this.finished) return false;
    const framed = this.frame(message);
    if (framed === undefined || !this.respond()) return false;
    return this.stream.write(framed);
  }

  /** Ends the call with status OK once every written message is sent. */
  end(): void {
    this.sendStatus(status.OK, 'OK');
  }

  private receive(chunk: Buffer): void {
    const requests = this.readRequests(chunk);
    if (requests === undefined) return;
    for (const request of requests) {
      if (this.finished) return;
      this.emit('data', request);
    }
  }

  private runWithRequest(): void {
    if (this.singleRequestArrived('server streaming')) this.run();
  }

  private run(): void {
    const callback: UnaryCallback | undefined =
      this.method.kind === 'clientStream' ? (error, value) => this.answer(error, value) : undefined;
    try {
      (this.method.handler as unknown as StreamHandler)(this, callback);
    } catch {
      this.sendStatus(status.UNKNOWN, 'Unknown error');
    }
  }

  protected onDeadline(): void {
    this.cancel();
    this.close();
  }

  /** 'close' once: the handler releases what the call held (a watch stream's watchers). */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
}
