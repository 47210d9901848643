// etcd's server errors, with the gRPC status codes and messages etcd clients recognise.
import { status } from '@grpc/grpc-js';

/** Stable codes for every error the store answers with. */
export type StoreErrorCode =
  | 'EMPTY_KEY'
  | 'KEY_NOT_FOUND'
  | 'VALUE_PROVIDED'
  | 'LEASE_PROVIDED'
  | 'TOO_MANY_OPS'
  | 'DUPLICATE_KEY'
  | 'COMPACTED'
  | 'FUTURE_REV'
  | 'NO_SPACE'
  | 'LEASE_NOT_FOUND'
  | 'LEASE_EXIST'
  | 'LEASE_TTL_TOO_LARGE'
  | 'REQUEST_TOO_LARGE'
  | 'UNIMPLEMENTED'
  | 'INVALID_ARGUMENT'
  | 'STOPPED';

const table: Record<StoreErrorCode, [status, string]> = {
  EMPTY_KEY: [status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
  KEY_NOT_FOUND: [status.INVALID_ARGUMENT, 'etcdserver: key not found'],
  VALUE_PROVIDED: [status.INVALID_ARGUMENT, 'etcdserver: value is provided'],
  LEASE_PROVIDED: [status.INVALID_ARGUMENT, 'etcdserver: lease is provided'],
  TOO_MANY_OPS: [status.INVALID_ARGUMENT, 'etcdserver: too many operations in txn request'],
  DUPLICATE_KEY: [status.INVALID_ARGUMENT, 'etcdserver: duplicate key given in txn request'],
  COMPACTED: [status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision has been compacted'],
  FUTURE_REV: [status.OUT_OF_RANGE, 'etcdserver: mvcc: required revision is a future revision'],
  NO_SPACE: [status.RESOURCE_EXHAUSTED, 'etcdserver: mvcc: database space exceeded'],
  LEASE_NOT_FOUND: [status.NOT_FOUND, 'etcdserver: requested lease not found'],
  LEASE_EXIST: [status.FAILED_PRECONDITION, 'etcdserver: lease already exists'],
  LEASE_TTL_TOO_LARGE: [status.OUT_OF_RANGE, 'etcdserver: too large lease TTL'],
  REQUEST_TOO_LARGE: [status.INVALID_ARGUMENT, 'etcdserver: request is too large'],
  UNIMPLEMENTED: [status.UNIMPLEMENTED, 'not implemented'],
  INVALID_ARGUMENT: [status.INVALID_ARGUMENT, 'invalid argument'],
  STOPPED: [status.UNAVAILABLE, 'etcdserver: server stopped'],
};

/** An error the store answers a client with; `grpcCode` and `message` are etcd's own. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly grpcCode: status;

  constructor(code: StoreErrorCode, message?: string) {
    const [grpcCode, etcdMessage] = table[code];
    super(message ?? etcdMessage);
    this.name = 'StoreError';
    this.code = code;
    this.grpcCode = grpcCode;
  }
}

/** The request used a field or value this store does not implement; the message names it. */
export function unimplemented(field: string): StoreError {
  return new StoreError(
    'UNIMPLEMENTED',
    `setpoint store: ${field} is not supported by this store; leave it unset or use a real etcd cluster`,
  );
}

/** Every error code with its gRPC status and message, for the docs and their test. */
export function storeErrorTable(): ReadonlyArray<{
  code: StoreErrorCode;
  grpcCode: status;
  message: string;
}> {
  return (Object.keys(table) as StoreErrorCode[]).map((code) => ({
    code,
    grpcCode: table[code][0],
    message: table[code][1],
  }));
}
