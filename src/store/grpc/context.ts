// What every gRPC service of the store shares: the store, its settings, headers, errors and metrics.
import { type Metadata, type ServerUnaryCall, type sendUnaryData, status } from '@grpc/grpc-js';
import type { Logger } from '../../log/logger.js';
import { StoreError } from '../errors.js';
import type { Lessor } from '../lease/lessor.js';
import type { StoreMetrics } from '../metrics.js';
import type { MvccStore } from '../mvcc/store.js';
import type { StoreOptions } from '../options.js';
import type { WatchHub } from '../watch/hub.js';
import { type Sized, wireSize } from './proto.js';

/** etcd lets gRPC messages exceed --max-request-bytes by this much before gRPC itself refuses them. */
export const GRPC_OVERHEAD_BYTES = 512 * 1024;

/** Reported as the raft term: a single member elected once, as a fresh etcd reports. */
const RAFT_TERM = 2;

export interface ServiceContext {
  readonly store: MvccStore;
  readonly lessor: Lessor;
  readonly hub: WatchHub;
  readonly options: StoreOptions;
  readonly metrics: StoreMetrics;
  readonly log: Logger;
}

/** A uint64 as protobufjs takes it without parsing: its two 32-bit halves. */
interface LongBits {
  low: number;
  high: number;
  unsigned: true;
}

const idBits = new WeakMap<MvccStore, { cluster: LongBits; member: LongBits }>();

function longBits(value: bigint): LongBits {
  return { low: Number(value & 0xffffffffn), high: Number(value >> 32n), unsigned: true };
}

/** etcd's response header. The IDs are converted once per store: every response carries them. */
export function header(ctx: ServiceContext, revision = ctx.store.revision) {
  let ids = idBits.get(ctx.store);
  if (ids === undefined) {
    ids = { cluster: longBits(ctx.store.clusterId), member: longBits(ctx.store.memberId) };
    idBits.set(ctx.store, ids);
  }
  return { cluster_id: ids.cluster, member_id: ids.member, revision, raft_term: RAFT_TERM };
}

export const raftTerm = RAFT_TERM;

/** A gRPC error as grpc-js sends it. */
export interface GrpcError {
  code: status;
  details: string;
  metadata?: Metadata;
}

export function toGrpcError(ctx: ServiceContext, err: unknown, method: string): GrpcError {
  if (err instanceof StoreError) return { code: err.grpcCode, details: err.message };
  ctx.log.error({ err, method }, 'request failed unexpectedly');
  return { code: status.INTERNAL, details: `setpoint store: ${method} failed: ${String(err)}` };
}

/**
 * Ends a streaming call with an error status. grpc-js sends a status for an 'error' event on the
 * call; destroying the call instead would drop the stream without telling the client why.
 */
export function endWithError(call: { emit(event: 'error', err: Error): boolean }, error: GrpcError): void {
  call.emit('error', Object.assign(new Error(error.details), error));
}

/** gRPC's own refusal of a message over its limit, worded as etcd's gRPC server words it. */
export function checkMessageSize(ctx: ServiceContext, request: object): void {
  const size = (request as Sized)[wireSize] ?? 0;
  const max = ctx.options.maxRequestBytes + GRPC_OVERHEAD_BYTES;
  if (size > max) {
    const err = new StoreError(
      'REQUEST_TOO_LARGE',
      `grpc: received message larger than max (${size} vs. ${max})`,
    );
    Object.assign(err, { grpcCode: status.RESOURCE_EXHAUSTED });
    throw err;
  }
}

/** etcd's limit on what goes into its log: --max-request-bytes. */
export function checkRequestSize(ctx: ServiceContext, request: object): void {
  if (((request as Sized)[wireSize] ?? 0) > ctx.options.maxRequestBytes)
    throw new StoreError('REQUEST_TOO_LARGE');
}

/** Wraps a unary handler: size check, errors as etcd's, and request metrics. */
export function unary<Req extends object, Res>(
  ctx: ServiceContext,
  service: string,
  method: string,
  handle: (request: Req) => Res | Promise<Res>,
) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    const done = ctx.metrics.started(service, method);
    let result: Res | Promise<Res>;
    try {
      checkMessageSize(ctx, call.request);
      result = handle(call.request);
    } catch (err) {
      const grpcError = toGrpcError(ctx, err, method);
      done(grpcError.code);
      callback(grpcError);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (value) => {
          done(status.OK);
          callback(null, value);
        },
        (err: unknown) => {
          const grpcError = toGrpcError(ctx, err, method);
          done(grpcError.code);
          callback(grpcError);
        },
      );
    } else {
      done(status.OK);
      callback(null, result);
    }
  };
}
