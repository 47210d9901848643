// etcd's request and response messages as proto-loader hands them over, and their conversions.
import { StoreError } from '../errors.js';
import { toInterval } from '../mvcc/interval.js';
import type {
  Compare,
  CompareResult,
  CompareTarget,
  DeleteRequest,
  KeyRecord,
  PutRequest,
  RangeQuery,
  RangeResult,
  SortOrder,
  SortTarget,
  TxnOperation,
  TxnOperationResult,
  TxnRequest,
  TxnResult,
} from '../types.js';

/** int64 fields arrive as decimal strings. */
type Int64 = string;

export interface RangeRequestMessage {
  key: Buffer;
  range_end: Buffer;
  limit: Int64;
  revision: Int64;
  sort_order: number;
  sort_target: number;
  serializable: boolean;
  keys_only: boolean;
  count_only: boolean;
  min_mod_revision: Int64;
  max_mod_revision: Int64;
  min_create_revision: Int64;
  max_create_revision: Int64;
}

export interface PutRequestMessage {
  key: Buffer;
  value: Buffer;
  lease: Int64;
  prev_kv: boolean;
  ignore_value: boolean;
  ignore_lease: boolean;
}

export interface DeleteRangeRequestMessage {
  key: Buffer;
  range_end: Buffer;
  prev_kv: boolean;
}

export interface CompareMessage {
  result: number;
  target: number;
  key: Buffer;
  range_end: Buffer;
  version?: Int64;
  create_revision?: Int64;
  mod_revision?: Int64;
  value?: Buffer;
  lease?: Int64;
}

export interface RequestOpMessage {
  request?: 'request_range' | 'request_put' | 'request_delete_range' | 'request_txn';
  request_range?: RangeRequestMessage;
  request_put?: PutRequestMessage;
  request_delete_range?: DeleteRangeRequestMessage;
  request_txn?: TxnRequestMessage;
}

export interface TxnRequestMessage {
  compare: CompareMessage[];
  success: RequestOpMessage[];
  failure: RequestOpMessage[];
}

const sortOrders: SortOrder[] = ['NONE', 'ASCEND', 'DESCEND'];
const sortTargets: SortTarget[] = ['KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE'];
const compareResults: CompareResult[] = ['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL'];
const compareTargets: CompareTarget[] = ['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE'];

function enumValue<T>(names: readonly T[], value: number, field: string): T {
  const name = names[value];
  if (name === undefined)
    throw new StoreError('INVALID_ARGUMENT', `setpoint store: ${field} value ${value} is unknown`);
  return name;
}

function requireKey(key: Buffer): void {
  if (key.length === 0) throw new StoreError('EMPTY_KEY');
}

export function toRangeQuery(m: RangeRequestMessage): RangeQuery {
  requireKey(m.key);
  return {
    interval: toInterval(m.key, m.range_end),
    // etcd treats a negative limit as no limit.
    limit: Math.max(0, Number(m.limit)),
    revision: Number(m.revision),
    // etcd reads an unknown sort order as no sort (its switch has no case for it).
    sortOrder: sortOrders[m.sort_order] ?? 'NONE',
    sortTarget: enumValue(sortTargets, m.sort_target, 'RangeRequest.sort_target'),
    keysOnly: m.keys_only,
    countOnly: m.count_only,
    minModRevision: Number(m.min_mod_revision),
    maxModRevision: Number(m.max_mod_revision),
    minCreateRevision: Number(m.min_create_revision),
    maxCreateRevision: Number(m.max_create_revision),
  };
}

export function toPutRequest(m: PutRequestMessage): PutRequest {
  requireKey(m.key);
  if (m.ignore_value && m.value.length !== 0) throw new StoreError('VALUE_PROVIDED');
  const lease = BigInt(m.lease);
  if (m.ignore_lease && lease !== 0n) throw new StoreError('LEASE_PROVIDED');
  return {
    key: m.key,
    value: m.value,
    lease,
    prevKv: m.prev_kv,
    ignoreValue: m.ignore_value,
    ignoreLease: m.ignore_lease,
  };
}

export function toDeleteRequest(m: DeleteRangeRequestMessage): DeleteRequest {
  requireKey(m.key);
  return { interval: toInterval(m.key, m.range_end), prevKv: m.prev_kv };
}

function toCompare(m: CompareMessage): Compare {
  requireKey(m.key);
  const target = compareTargets[m.target];
  // etcd evaluates a compare with an unknown target or result as true.
  const result = compareResults[m.result];
  if (target === undefined || result === undefined)
    return { result: 'ALWAYS', target: 'VERSION', interval: toInterval(m.key, m.range_end), operand: 0 };
  let operand: Compare['operand'];
  switch (target) {
    case 'VERSION':
      operand = Number(m.version ?? 0);
      break;
    case 'CREATE':
      operand = Number(m.create_revision ?? 0);
      break;
    case 'MOD':
      operand = Number(m.mod_revision ?? 0);
      break;
    case 'VALUE':
      operand = m.value ?? Buffer.alloc(0);
      break;
    case 'LEASE':
      operand = BigInt(m.lease ?? 0);
      break;
  }
  return {
    result,
    target,
    interval: toInterval(m.key, m.range_end),
    operand,
  };
}

function toOperation(m: RequestOpMessage): TxnOperation {
  switch (m.request) {
    case 'request_range':
      return { kind: 'range', request: toRangeQuery(m.request_range!) };
    case 'request_put':
      return { kind: 'put', request: toPutRequest(m.request_put!) };
    case 'request_delete_range':
      return { kind: 'delete', request: toDeleteRequest(m.request_delete_range!) };
    case 'request_txn':
      return { kind: 'txn', request: toTxnRequest(m.request_txn!) };
    default:
      // etcd's answer to an empty operation.
      throw new StoreError('KEY_NOT_FOUND');
  }
}

export function toTxnRequest(m: TxnRequestMessage): TxnRequest {
  return {
    compare: m.compare.map(toCompare),
    success: m.success.map(toOperation),
    failure: m.failure.map(toOperation),
  };
}

export interface Header {
  cluster_id: string;
  member_id: string;
  revision: number;
  raft_term: number;
}

export function kvMessage(kv: KeyRecord) {
  return {
    key: kv.key,
    create_revision: kv.createRevision,
    mod_revision: kv.modRevision,
    version: kv.version,
    value: kv.value,
    lease: kv.lease === 0n ? 0 : kv.lease.toString(),
  };
}

/** A header for operations inside a transaction: etcd fills only the revision there. */
function innerHeader(revision: number) {
  return { revision };
}

export function rangeResponse(header: object, r: RangeResult) {
  return { header, kvs: r.kvs.map(kvMessage), more: r.more, count: r.count };
}

export function txnResponse(header: object, r: TxnResult): object {
  return { header, succeeded: r.succeeded, responses: r.responses.map(operationResponse) };
}

function operationResponse(op: TxnOperationResult) {
  switch (op.kind) {
    case 'range':
      return { response_range: rangeResponse(innerHeader(op.result.headerRevision), op.result) };
    case 'put':
      return {
        response_put: {
          header: innerHeader(op.result.headerRevision),
          prev_kv: op.result.prevKv && kvMessage(op.result.prevKv),
        },
      };
    case 'delete':
      return {
        response_delete_range: {
          header: innerHeader(op.result.headerRevision),
          deleted: op.result.deleted,
          prev_kvs: op.result.prevKvs.map(kvMessage),
        },
      };
    case 'txn':
      // etcd leaves a nested transaction's header empty.
      return { response_txn: txnResponse(innerHeader(0), op.result) };
  }
}
