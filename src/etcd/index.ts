// The etcd client layer: the one way Setpoint reaches etcd (endpoints, TLS, auth, snapshots, watches).
export { EtcdClient } from './client.js';
export { connect } from './connect.js';
export type { EtcdConnectOptions, EtcdUser } from './connect-options.js';
export {
  defaultEndpoint,
  type Endpoint,
  type EndpointSource,
  formatEndpoints,
  parseEndpoint,
  parseEndpoints,
  resolveEndpoints,
} from './endpoints.js';
export {
  AuthenticationFailedError,
  EtcdClientError,
  type EtcdClientErrorCode,
  type EtcdClientFailure,
  EtcdUnreachableError,
  InvalidEndpointError,
  InvalidTlsOptionsError,
  InvalidUserError,
  SnapshotCompactedError,
  TlsFileError,
  UnexpectedResponseError,
  WatchFailedError,
  WatchHandlerError,
} from './errors.js';
export { addEtcdFlags, type EtcdFlags, etcdConnectOptionsFromFlags, parseUser } from './flags.js';
export { type KeyValue, toKeyValue, toRevision } from './key-value.js';
export {
  currentLeader,
  type Leadership,
  type LeadershipLossKind,
  LeadershipLostError,
  type LeadershipOptions,
  runAsLeader,
} from './leadership.js';
export type { MemberStatus } from './member-status.js';
export type { RetryPolicy } from './retry-delay.js';
export type {
  PrefixSnapshot,
  RangeSnapshotOptions,
  SnapshotPage,
  SnapshotPagesOptions,
} from './snapshot.js';
export type { TlsFiles } from './tls.js';
export type { PrefixWatch, WatchConnection, WatchPrefixOptions } from './watch.js';
export type { WatchBatch, WatchEvent } from './watch-batches.js';
