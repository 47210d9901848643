// The store's gRPC transport on node:http2, in place of grpc-js's Server.
export { FramingError, frameMessage, MessageReader } from './framing.js';
export { encodeGrpcMessage } from './grpc-message.js';
export { type GrpcTlsOptions, Http2GrpcServer } from './server.js';
export { StreamCall } from './stream-call.js';
export { UnaryCall, type UnaryCallback } from './unary-call.js';
