// A raw gRPC client for the etcd v3 API, for what the etcd3 client hides: exact status codes, stream framing, flow control.
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type {
  ICompactionRequest,
  ICompactionResponse,
  IDeleteRangeRequest,
  IDeleteRangeResponse,
  ILeaseGrantRequest,
  ILeaseGrantResponse,
  ILeaseKeepAliveRequest,
  ILeaseKeepAliveResponse,
  ILeaseLeasesResponse,
  ILeaseRevokeRequest,
  ILeaseRevokeResponse,
  ILeaseTimeToLiveRequest,
  ILeaseTimeToLiveResponse,
  IMemberListResponse,
  IPutRequest,
  IPutResponse,
  IRangeRequest,
  IRangeResponse,
  IStatusResponse,
  ITxnRequest,
  ITxnResponse,
  IWatchRequest,
  IWatchResponse,
} from 'etcd3';

// The same .proto and loader options as the etcd3 client, so both paths decode messages alike.
const protoPath = createRequire(import.meta.url).resolve('etcd3/proto/rpc.proto');
const definition = protoLoader.loadSync(protoPath, {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});

/** Unary methods this suite calls, with their request and response shapes. */
export interface UnaryMethods {
  'KV.Range': [IRangeRequest, IRangeResponse];
  'KV.Put': [IPutRequest, IPutResponse];
  'KV.DeleteRange': [IDeleteRangeRequest, IDeleteRangeResponse];
  'KV.Txn': [ITxnRequest, ITxnResponse];
  'KV.Compact': [ICompactionRequest, ICompactionResponse];
  'Lease.LeaseGrant': [ILeaseGrantRequest, ILeaseGrantResponse];
  'Lease.LeaseRevoke': [ILeaseRevokeRequest, ILeaseRevokeResponse];
  'Lease.LeaseTimeToLive': [ILeaseTimeToLiveRequest, ILeaseTimeToLiveResponse];
  'Lease.LeaseLeases': [Record<string, never>, ILeaseLeasesResponse];
  'Maintenance.Status': [Record<string, never>, IStatusResponse];
  'Cluster.MemberList': [Record<string, never>, IMemberListResponse];
}

/** Bidirectional streams this suite opens. */
export interface StreamMethods {
  'Watch.Watch': [IWatchRequest, IWatchResponse];
  'Lease.LeaseKeepAlive': [ILeaseKeepAliveRequest, ILeaseKeepAliveResponse];
}

export type UnaryName = keyof UnaryMethods;
export type StreamName = keyof StreamMethods;

function method(name: string): grpc.MethodDefinition<unknown, unknown> {
  const [service, rpc] = name.split('.') as [string, string];
  const found = definition[`etcdserverpb.${service}`] as grpc.ServiceDefinition | undefined;
  const definitionOfMethod = found?.[rpc];
  if (definitionOfMethod === undefined) throw new TypeError(`${name} is not in ${protoPath}`);
  return definitionOfMethod;
}

/** A gRPC error as the suite compares it: the status name and etcd's message. */
export interface StatusError {
  code: string;
  message: string;
}

/** One connection to a store, raw. */
export class RawEtcd {
  readonly #client: grpc.Client;

  constructor(endpoint: string, options: grpc.ChannelOptions = {}) {
    // Large enough to receive whatever a test sends back; the limits under test are the server's.
    this.#client = new grpc.Client(endpoint, grpc.credentials.createInsecure(), {
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
      'grpc.max_send_message_length': 64 * 1024 * 1024,
      // Its own connection, not one shared process-wide with other clients of the same store.
      'grpc.use_local_subchannel_pool': 1,
      ...options,
    });
  }

  /** Calls a unary method; rejects with the grpc-js ServiceError on failure. */
  call<N extends UnaryName>(name: N, request: UnaryMethods[N][0]): Promise<UnaryMethods[N][1]> {
    const m = method(name);
    return new Promise((resolve, reject) => {
      this.#client.makeUnaryRequest(
        m.path,
        m.requestSerialize,
        m.responseDeserialize,
        request,
        { deadline: Date.now() + 30_000 },
        (err, response) => {
          if (err) reject(err);
          else resolve(response as UnaryMethods[N][1]);
        },
      );
    });
  }

  /** Calls any unary method, named 'Service.Method', untyped: for calls a store refuses. */
  callAny(name: string, request: object): Promise<unknown> {
    return this.call(name as UnaryName, request as never);
  }

  /** Opens a server-streaming call (Maintenance.Snapshot). */
  serverStream(name: string, request: object): grpc.ClientReadableStream<unknown> {
    const m = method(name);
    return this.#client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, request);
  }

  /** Opens a bidirectional stream. */
  stream<N extends StreamName>(name: N): grpc.ClientDuplexStream<StreamMethods[N][0], StreamMethods[N][1]> {
    const m = method(name);
    return this.#client.makeBidiStreamRequest(
      m.path,
      m.requestSerialize,
      m.responseDeserialize,
    ) as grpc.ClientDuplexStream<StreamMethods[N][0], StreamMethods[N][1]>;
  }

  close(): void {
    this.#client.close();
  }
}

/** The status name of a numeric gRPC code, as etcd's clients name it ('OUT_OF_RANGE'). */
export function statusName(code: number): string {
  return grpc.status[code] ?? `UNKNOWN_CODE_${code}`;
}
