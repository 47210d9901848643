// A unary call: one request message in, the handler's callback answers with one response or an error.
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { status } from '@grpc/grpc-js';
import type { Method } from './methods.js';
import { type HandlerError, ServerCall } from './server-call.js';
import type { MessageLimits } from './settings.js';

/** How a unary handler answers, as grpc-js's `sendUnaryData`. */
export type UnaryCallback = (error: HandlerError | null, value?: unknown) => void;
type UnaryHandler = (call: UnaryCall, callback: UnaryCallback) => void;

/**
 * The `call` a unary handler receives: `call.request` is the request, as grpc-js's ServerUnaryCall.
 * The handler runs once the client has sent its request and half-closed.
 */
export class UnaryCall extends ServerCall {
  constructor(
    stream: ServerHttp2Stream,
    method: Method,
    headers: IncomingHttpHeaders,
    limits: MessageLimits,
  ) {
    super(stream, method, headers, limits);
    stream.on('data', (chunk: Buffer) => this.receiveSingle(chunk, 'unary'));
    stream.on('end', () => this.run());
  }

  private run(): void {
    if (!this.singleRequestArrived('unary')) return;
    try {
      (this.method.handler as unknown as UnaryHandler)(this, (error, value) => this.answer(error, value));
    } catch {
      // grpc-js's wording: what a handler threw stays on the server.
      this.sendStatus(status.UNKNOWN, 'Unknown error');
    }
  }

  protected onDeadline(): void {
    this.cancel();
  }
}
