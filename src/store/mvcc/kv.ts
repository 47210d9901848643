// etcd's key-value semantics over the index: range, put, delete and transactions at a revision.
import { StoreError } from '../errors.js';
import type {
  Compare,
  DeleteRequest,
  DeleteResult,
  KeyInterval,
  KeyRecord,
  PutRequest,
  PutResult,
  RangeQuery,
  RangeResult,
  StoreEvent,
  TxnOperation,
  TxnOperationResult,
  TxnRequest,
  TxnResult,
} from '../types.js';
import { indexKey } from './interval.js';
import type { KeyIndex } from './key-index.js';

/** What the KV semantics need from the store around them. */
export interface KvContext {
  readonly index: KeyIndex;
  readonly compactRevision: number;
  leaseExists(id: bigint): boolean;
  attachKey(lease: bigint, key: string): void;
  detachKey(lease: bigint, key: string): void;
}

const EMPTY = Buffer.alloc(0);

/** A plain read of an interval at the current revision; `options` changes any of etcd's range options. */
export function rangeQuery(interval: KeyInterval, options: Partial<RangeQuery> = {}): RangeQuery {
  return {
    interval,
    limit: 0,
    revision: 0,
    sortOrder: 'NONE',
    sortTarget: 'KEY',
    keysOnly: false,
    countOnly: false,
    minModRevision: 0,
    maxModRevision: 0,
    minCreateRevision: 0,
    maxCreateRevision: 0,
    ...options,
  };
}

/** Reads at a revision no later than `viewRevision` (the store's, or a write's own). */
export function range(ctx: KvContext, query: RangeQuery, viewRevision: number): RangeResult {
  const revision = query.revision > 0 ? query.revision : viewRevision;
  if (revision > viewRevision) throw new StoreError('FUTURE_REV');
  if (revision < ctx.compactRevision) throw new StoreError('COMPACTED');

  let kvs: KeyRecord[] = [];
  ctx.index.forEachLive(query.interval, revision, (record) => kvs.push(record));
  const count = kvs.length;
  if (query.countOnly) return { headerRevision: viewRevision, kvs: [], more: false, count };

  const { minModRevision, maxModRevision, minCreateRevision, maxCreateRevision } = query;
  if (maxModRevision !== 0) kvs = kvs.filter((kv) => kv.modRevision <= maxModRevision);
  if (minModRevision !== 0) kvs = kvs.filter((kv) => kv.modRevision >= minModRevision);
  if (maxCreateRevision !== 0) kvs = kvs.filter((kv) => kv.createRevision <= maxCreateRevision);
  if (minCreateRevision !== 0) kvs = kvs.filter((kv) => kv.createRevision >= minCreateRevision);

  // The index yields keys in ascending order; etcd sorts ascending by default only for other targets.
  let order = query.sortOrder;
  if (order === 'NONE' && query.sortTarget !== 'KEY') order = 'ASCEND';
  if (order !== 'NONE' && !(order === 'ASCEND' && query.sortTarget === 'KEY')) {
    const compare = sortComparator(query.sortTarget);
    const sign = order === 'DESCEND' ? -1 : 1;
    kvs.sort((a, b) => sign * compare(a, b));
  }

  let more = false;
  if (query.limit > 0 && kvs.length > query.limit) {
    kvs = kvs.slice(0, query.limit);
    more = true;
  }
  if (query.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: EMPTY }));
  return { headerRevision: viewRevision, kvs, more, count };
}

function sortComparator(target: RangeQuery['sortTarget']): (a: KeyRecord, b: KeyRecord) => number {
  switch (target) {
    case 'KEY':
      return (a, b) => Buffer.compare(a.key, b.key);
    case 'VERSION':
      return (a, b) => a.version - b.version;
    case 'CREATE':
      return (a, b) => a.createRevision - b.createRevision;
    case 'MOD':
      return (a, b) => a.modRevision - b.modRevision;
    case 'VALUE':
      return (a, b) => Buffer.compare(a.value, b.value);
  }
}

/**
 * One write: every change it makes gets revision `begin + 1`, with sub revisions in order. Changes
 * go into the index at once so later operations of the same transaction read them.
 */
export class WriteTxn {
  readonly events: StoreEvent[] = [];
  private readonly ctx: KvContext;
  /** How to take back each change made so far, in order. */
  private readonly undo: (() => void)[] = [];
  readonly begin: number;

  constructor(ctx: KvContext, begin: number) {
    this.ctx = ctx;
    this.begin = begin;
  }

  get revision(): number {
    return this.events.length > 0 ? this.begin + 1 : this.begin;
  }

  range(query: RangeQuery): RangeResult {
    return range(this.ctx, query, this.revision);
  }

  /** Validates a put against the current state; throws before anything is changed. */
  checkPut(request: PutRequest): void {
    if (request.ignoreValue || request.ignoreLease) {
      if (this.live(indexKey(request.key)) === undefined) throw new StoreError('KEY_NOT_FOUND');
    }
    if (request.lease !== 0n && !this.ctx.leaseExists(request.lease)) throw new StoreError('LEASE_NOT_FOUND');
  }

  put(request: PutRequest): PutResult {
    this.checkPut(request);
    const key = indexKey(request.key);
    const existing = this.live(key);
    const revision = this.begin + 1;
    const lease = request.ignoreLease ? existing!.lease : request.lease;
    const record: KeyRecord = {
      key: request.key,
      value: request.ignoreValue ? existing!.value : request.value,
      createRevision: existing?.createRevision ?? revision,
      modRevision: revision,
      sub: this.events.length,
      version: (existing?.version ?? 0) + 1,
      lease,
      tombstone: false,
    };
    this.ctx.index.append(key, record);
    this.events.push({ type: 'PUT', kv: record });
    this.undo.push(() => this.ctx.index.removeLast(key, record));
    if (existing !== undefined && existing.lease !== 0n) {
      this.ctx.detachKey(existing.lease, key);
      this.undo.push(() => this.ctx.attachKey(existing.lease, key));
    }
    if (lease !== 0n) {
      this.ctx.attachKey(lease, key);
      this.undo.push(() => this.ctx.detachKey(lease, key));
    }
    return { headerRevision: revision, prevKv: request.prevKv ? existing : undefined };
  }

  deleteRange(request: DeleteRequest): DeleteResult {
    const doomed: KeyRecord[] = [];
    this.ctx.index.forEachLive(request.interval, this.revision, (record) => doomed.push(record));
    this.deleteRecords(doomed);
    return {
      headerRevision: this.revision,
      deleted: doomed.length,
      prevKvs: request.prevKv ? doomed : [],
    };
  }

  /** Deletes the given live records, in the order given. */
  deleteRecords(records: readonly KeyRecord[]): void {
    const revision = this.begin + 1;
    for (const live of records) {
      const key = indexKey(live.key);
      const tombstone: KeyRecord = {
        key: live.key,
        value: EMPTY,
        createRevision: 0,
        modRevision: revision,
        sub: this.events.length,
        version: 0,
        lease: 0n,
        tombstone: true,
      };
      this.ctx.index.append(key, tombstone);
      this.events.push({ type: 'DELETE', kv: tombstone });
      this.undo.push(() => this.ctx.index.removeLast(key, tombstone));
      if (live.lease !== 0n) {
        this.ctx.detachKey(live.lease, key);
        this.undo.push(() => this.ctx.attachKey(live.lease, key));
      }
    }
  }

  /** Takes back every change this write made, newest first: it never happened. */
  rollback(): void {
    for (const step of this.undo.reverse()) step();
    this.undo.length = 0;
    this.events.length = 0;
  }

  /**
   * etcd's Txn: every compare (nested ones too) is evaluated against the state before the
   * transaction, the chosen branches are validated, then applied in order.
   */
  txn(request: TxnRequest): TxnResult {
    const path = choosePath(this, request);
    checkPath(this, request, path);
    return this.applyPath(request, path);
  }

  private applyPath(request: TxnRequest, path: Path): TxnResult {
    const ops = path.succeeded ? request.success : request.failure;
    const responses: TxnOperationResult[] = ops.map((op, i) => this.applyOp(op, path.nested[i]));
    return { headerRevision: this.revision, succeeded: path.succeeded, responses };
  }

  private applyOp(op: TxnOperation, nested: Path | undefined): TxnOperationResult {
    switch (op.kind) {
      case 'range':
        return { kind: 'range', result: this.range(op.request) };
      case 'put':
        return { kind: 'put', result: this.put(op.request) };
      case 'delete':
        return { kind: 'delete', result: this.deleteRange(op.request) };
      case 'txn':
        return { kind: 'txn', result: this.applyPath(op.request, nested!) };
    }
  }

  private live(key: string): KeyRecord | undefined {
    const latest = this.ctx.index.latest(key);
    return latest === undefined || latest.tombstone ? undefined : latest;
  }
}

interface Path {
  succeeded: boolean;
  /** For each operation of the chosen branch that is a transaction, its own path. */
  nested: (Path | undefined)[];
}

function choosePath(txn: WriteTxn, request: TxnRequest): Path {
  const succeeded = request.compare.every((c) => compare(txn, c));
  const ops = succeeded ? request.success : request.failure;
  return {
    succeeded,
    nested: ops.map((op) => (op.kind === 'txn' ? choosePath(txn, op.request) : undefined)),
  };
}

function checkPath(txn: WriteTxn, request: TxnRequest, path: Path): void {
  const ops = path.succeeded ? request.success : request.failure;
  ops.forEach((op, i) => {
    if (op.kind === 'put') txn.checkPut(op.request);
    else if (op.kind === 'range') checkRangeRevision(txn, op.request);
    else if (op.kind === 'txn') checkPath(txn, op.request, path.nested[i]!);
  });
}

function checkRangeRevision(txn: WriteTxn, query: RangeQuery): void {
  if (query.revision === 0) return;
  if (query.revision > txn.revision) throw new StoreError('FUTURE_REV');
  // Reaching into the context through a range of nothing keeps the compaction rule in one place.
  txn.range({ ...query, countOnly: true });
}

/** etcd's compare: every key in the interval must satisfy it; a missing key reads as zeros. */
function compare(txn: WriteTxn, c: Compare): boolean {
  if (c.result === 'ALWAYS') return true;
  const { kvs } = txn.range(rangeQuery(c.interval));
  if (kvs.length === 0) {
    if (c.target === 'VALUE') return false;
    return compareOne(c, undefined);
  }
  return kvs.every((kv) => compareOne(c, kv));
}

function compareOne(c: Compare, kv: KeyRecord | undefined): boolean {
  let order: number;
  switch (c.target) {
    case 'VALUE':
      order = Buffer.compare(kv?.value ?? EMPTY, c.operand as Buffer);
      break;
    case 'VERSION':
      order = Math.sign((kv?.version ?? 0) - (c.operand as number));
      break;
    case 'CREATE':
      order = Math.sign((kv?.createRevision ?? 0) - (c.operand as number));
      break;
    case 'MOD':
      order = Math.sign((kv?.modRevision ?? 0) - (c.operand as number));
      break;
    case 'LEASE': {
      const lease = kv?.lease ?? 0n;
      const operand = c.operand as bigint;
      order = lease === operand ? 0 : lease > operand ? 1 : -1;
      break;
    }
  }
  switch (c.result) {
    case 'EQUAL':
      return order === 0;
    case 'NOT_EQUAL':
      return order !== 0;
    case 'GREATER':
      return order > 0;
    case 'LESS':
      return order < 0;
    case 'ALWAYS':
      return true;
  }
}
