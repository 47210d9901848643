// The errors of the etcd client layer: one class per failure, each with a stable `code`.

/**
 * Every code an error of this layer carries.
 *
 * @example
 * if (err instanceof EtcdClientError && err.code === 'ETCD_UNREACHABLE') process.exitCode = 69;
 */
export type EtcdClientErrorCode =
  | 'ETCD_INVALID_ENDPOINT'
  | 'ETCD_INVALID_TLS_OPTIONS'
  | 'ETCD_TLS_FILE_UNREADABLE'
  | 'ETCD_INVALID_USER'
  | 'ETCD_UNREACHABLE'
  | 'ETCD_AUTHENTICATION_FAILED'
  | 'ETCD_SNAPSHOT_COMPACTED'
  | 'ETCD_WATCH_FAILED'
  | 'ETCD_WATCH_HANDLER_FAILED'
  | 'ETCD_UNEXPECTED_RESPONSE';

/**
 * The base of every error this layer throws.
 *
 * @example
 * try { await connect({ endpoints: 'etcd-1:2379' }); }
 * catch (err) { if (err instanceof EtcdClientError) console.error(err.code, err.message); }
 */
export abstract class EtcdClientError extends Error {
  abstract readonly code: EtcdClientErrorCode;
}

/**
 * An endpoint is not `host:port`, `http://host:port` or `https://host:port`.
 *
 * @example
 * parseEndpoints('etcd-1'); // throws InvalidEndpointError: no port
 */
export class InvalidEndpointError extends EtcdClientError {
  readonly code = 'ETCD_INVALID_ENDPOINT';
  override readonly name = 'InvalidEndpointError';
  constructor(
    readonly endpoint: string,
    reason: string,
  ) {
    super(
      `invalid etcd endpoint '${endpoint}': ${reason}; write endpoints as etcdctl takes them, ` +
        `comma-separated: 'host:2379', 'http://host:2379' or 'https://host:2379'`,
    );
  }
}

/**
 * The TLS settings contradict each other (a client certificate without its key, certificates for a
 * plain-text `http://` endpoint).
 *
 * @example
 * await connect({ endpoints: 'a:2379', tls: { certFile: 'client.crt' } }); // throws: --cert needs --key
 */
export class InvalidTlsOptionsError extends EtcdClientError {
  readonly code = 'ETCD_INVALID_TLS_OPTIONS';
  override readonly name = 'InvalidTlsOptionsError';
}

/**
 * A certificate or key file cannot be read, or holds no PEM block.
 *
 * @example
 * await connect({ endpoints: 'a:2379', tls: { caFile: '/missing/ca.crt' } }); // throws TlsFileError
 */
export class TlsFileError extends EtcdClientError {
  readonly code = 'ETCD_TLS_FILE_UNREADABLE';
  override readonly name = 'TlsFileError';
  constructor(
    readonly flag: string,
    readonly path: string,
    reason: string,
  ) {
    super(`cannot use ${flag} ${path}: ${reason}; give the path of a PEM file this process can read`);
  }
}

/**
 * The etcd user is malformed (`--user :pw`) or lacks a password.
 *
 * @example
 * etcdConnectOptionsFromFlags({ user: 'root' }); // throws: no password
 */
export class InvalidUserError extends EtcdClientError {
  readonly code = 'ETCD_INVALID_USER';
  override readonly name = 'InvalidUserError';
}

/**
 * No endpoint answered (down, wrong port, TLS handshake refused, timeout).
 *
 * @example
 * await connect({ endpoints: '127.0.0.1:1' }); // throws EtcdUnreachableError
 */
export class EtcdUnreachableError extends EtcdClientError {
  readonly code = 'ETCD_UNREACHABLE';
  override readonly name = 'EtcdUnreachableError';
}

/**
 * etcd refused the user name or password.
 *
 * @example
 * await connect({ endpoints: 'a:2379', auth: { user: 'root', password: 'wrong' } }); // throws
 */
export class AuthenticationFailedError extends EtcdClientError {
  readonly code = 'ETCD_AUTHENTICATION_FAILED';
  override readonly name = 'AuthenticationFailedError';
}

/**
 * The revision a snapshot reads at was compacted while it was being read.
 *
 * @example
 * for await (const page of client.snapshotPages('app/')) {} // may throw SnapshotCompactedError
 */
export class SnapshotCompactedError extends EtcdClientError {
  readonly code = 'ETCD_SNAPSHOT_COMPACTED';
  override readonly name = 'SnapshotCompactedError';
  constructor(
    readonly prefix: string,
    readonly revision: number,
    advice: string,
  ) {
    super(`cannot read '${prefix}' at revision ${revision}: etcd compacted that revision; ${advice}`);
  }
}

/**
 * etcd cancelled a watch for a reason that retrying does not cure (permission denied, bad range).
 *
 * @example
 * await watch.done; // rejects with WatchFailedError when the user may not read the prefix
 */
export class WatchFailedError extends EtcdClientError {
  readonly code = 'ETCD_WATCH_FAILED';
  override readonly name = 'WatchFailedError';
}

/**
 * An `onEvents` or `onResync` callback threw; the watch stops, since a later batch would be
 * applied on top of a state the caller did not reach.
 *
 * @example
 * await watch.done; // rejects with WatchHandlerError, `cause` is what the callback threw
 */
export class WatchHandlerError extends EtcdClientError {
  readonly code = 'ETCD_WATCH_HANDLER_FAILED';
  override readonly name = 'WatchHandlerError';
}

/**
 * etcd answered something the v3 API does not allow (events going back in revision, a revision
 * beyond 2^53).
 *
 * @example
 * toRevision('18446744073709551615'); // throws UnexpectedResponseError
 */
export class UnexpectedResponseError extends EtcdClientError {
  readonly code = 'ETCD_UNEXPECTED_RESPONSE';
  override readonly name = 'UnexpectedResponseError';
}

/**
 * Every concrete error class of this layer, as a union `switch (err.code)` narrows.
 *
 * @example
 * function advice(err: EtcdClientFailure): string {
 *   switch (err.code) {
 *     case 'ETCD_TLS_FILE_UNREADABLE': return `check ${err.path}`;
 *     default: return err.message;
 *   }
 * }
 */
export type EtcdClientFailure =
  | InvalidEndpointError
  | InvalidTlsOptionsError
  | TlsFileError
  | InvalidUserError
  | EtcdUnreachableError
  | AuthenticationFailedError
  | SnapshotCompactedError
  | WatchFailedError
  | WatchHandlerError
  | UnexpectedResponseError;
