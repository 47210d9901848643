// Turns grpc-js server options into the transport's limits and node:http2 server settings.
import type { ServerOptions } from 'node:http2';
import type { ChannelOptions } from '@grpc/grpc-js';

/** grpc-js's default receive limit, kept so that the same options mean the same thing here. */
const DEFAULT_MAX_RECEIVE_BYTES = 4 * 1024 * 1024;
/** The most concurrent streams HTTP/2 can announce (2^32-1): etcd's own setting. */
const MAX_CONCURRENT_STREAMS = 4_294_967_295;

/** The message size limits of every call; -1 means no limit. */
export interface MessageLimits {
  readonly maxReceiveBytes: number;
  readonly maxSendBytes: number;
}

export interface TransportSettings {
  readonly limits: MessageLimits;
  readonly http2: ServerOptions;
}

function numberOption(options: ChannelOptions, name: string): number | undefined {
  const value = options[name];
  return typeof value === 'number' ? value : undefined;
}

/**
 * The transport's settings for grpc-js options. Only the options that change behaviour here are
 * read; keepalive options need nothing, as node:http2 answers pings and never closes idle sessions.
 *
 * @example
 *   transportSettings({ 'grpc.max_receive_message_length': 2 * 1024 * 1024 }).limits.maxReceiveBytes;
 */
export function transportSettings(options: ChannelOptions): TransportSettings {
  return {
    limits: {
      maxReceiveBytes: numberOption(options, 'grpc.max_receive_message_length') ?? DEFAULT_MAX_RECEIVE_BYTES,
      maxSendBytes: numberOption(options, 'grpc.max_send_message_length') ?? -1,
    },
    http2: {
      // node:http2 refuses new streams once a session holds more than this many megabytes; as in
      // grpc-js, the limit is lifted: gRPC flow control already bounds what a client can queue.
      maxSessionMemory: Number.MAX_SAFE_INTEGER,
      settings: {
        maxConcurrentStreams: numberOption(options, 'grpc.max_concurrent_streams') ?? MAX_CONCURRENT_STREAMS,
      },
    },
  };
}
