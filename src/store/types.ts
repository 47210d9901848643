// The store's contract: key-values, events, and the requests the gRPC layer hands to the MVCC store.

/** One version of one key, as etcd's mvccpb.KeyValue. A tombstone marks a deletion. */
export interface KeyRecord {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly createRevision: number;
  readonly modRevision: number;
  /** Position of this change within its revision (etcd's sub revision). */
  readonly sub: number;
  /** 1 for the first put of a generation; 0 for a tombstone. */
  readonly version: number;
  /** 0n when the key has no lease. Lease IDs are int64, so bigint. */
  readonly lease: bigint;
  readonly tombstone: boolean;
}

export type EventType = 'PUT' | 'DELETE';

/** A change of one key at one revision, as sent to watchers. */
export interface StoreEvent {
  readonly type: EventType;
  readonly kv: KeyRecord;
}

/** All the changes one revision made, in sub-revision order. */
export interface RevisionChanges {
  readonly revision: number;
  readonly events: StoreEvent[];
}

/**
 * A key interval as etcd reads it: `end` undefined is the single key `start`; `end` null is every key
 * from `start` on. Keys are held as latin1 strings so JavaScript's string order is etcd's byte order.
 */
export interface KeyInterval {
  readonly start: string;
  readonly end: string | null | undefined;
}

export type SortOrder = 'NONE' | 'ASCEND' | 'DESCEND';
export type SortTarget = 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';

export interface RangeQuery {
  readonly interval: KeyInterval;
  readonly limit: number;
  /** 0 reads the current revision. */
  readonly revision: number;
  readonly sortOrder: SortOrder;
  readonly sortTarget: SortTarget;
  readonly keysOnly: boolean;
  readonly countOnly: boolean;
  readonly minModRevision: number;
  readonly maxModRevision: number;
  readonly minCreateRevision: number;
  readonly maxCreateRevision: number;
}

export interface RangeResult {
  /** The store revision the read was served at (etcd reports the current revision here). */
  readonly headerRevision: number;
  readonly kvs: KeyRecord[];
  readonly more: boolean;
  readonly count: number;
}

export interface PutRequest {
  readonly key: Buffer;
  readonly value: Buffer;
  readonly lease: bigint;
  readonly prevKv: boolean;
  readonly ignoreValue: boolean;
  readonly ignoreLease: boolean;
}

export interface PutResult {
  readonly headerRevision: number;
  readonly prevKv: KeyRecord | undefined;
}

export interface DeleteRequest {
  readonly interval: KeyInterval;
  readonly prevKv: boolean;
}

export interface DeleteResult {
  readonly headerRevision: number;
  readonly deleted: number;
  readonly prevKvs: KeyRecord[];
}

export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
/** ALWAYS stands for an operator or target etcd does not know, which etcd evaluates as true. */
export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL' | 'ALWAYS';

export interface Compare {
  readonly result: CompareResult;
  readonly target: CompareTarget;
  readonly interval: KeyInterval;
  /** The operand: a number for VERSION/CREATE/MOD, a bigint for LEASE, bytes for VALUE. */
  readonly operand: number | bigint | Buffer;
}

export type TxnOperation =
  | { readonly kind: 'range'; readonly request: RangeQuery }
  | { readonly kind: 'put'; readonly request: PutRequest }
  | { readonly kind: 'delete'; readonly request: DeleteRequest }
  | { readonly kind: 'txn'; readonly request: TxnRequest };

export interface TxnRequest {
  readonly compare: Compare[];
  readonly success: TxnOperation[];
  readonly failure: TxnOperation[];
}

export type TxnOperationResult =
  | { readonly kind: 'range'; readonly result: RangeResult }
  | { readonly kind: 'put'; readonly result: PutResult }
  | { readonly kind: 'delete'; readonly result: DeleteResult }
  | { readonly kind: 'txn'; readonly result: TxnResult };

export interface TxnResult {
  readonly headerRevision: number;
  readonly succeeded: boolean;
  readonly responses: TxnOperationResult[];
}

/** A lease as the store keeps it. */
export interface LeaseRecord {
  readonly id: bigint;
  /** Granted TTL in seconds. */
  readonly ttl: number;
}
