// The MVCC store: etcd's revisions and history over the in-memory index, made durable by group commit.
import { StoreError } from '../errors.js';
import type {
  KeyRecord,
  LeaseRecord,
  RangeQuery,
  RangeResult,
  RevisionChanges,
  TxnRequest,
  TxnResult,
} from '../types.js';
import { Disk, type DiskBatch } from './disk.js';
import { RevisionHistory } from './history.js';
import { indexKey } from './interval.js';
import { KeyIndex } from './key-index.js';
import { type KvContext, range, WriteTxn } from './kv.js';
import { isWriteTxn } from './txn-check.js';

/** What a write may do besides changing keys: grant and revoke leases in the same commit. */
export interface WriteScope {
  readonly txn: WriteTxn;
  grantLease(lease: LeaseRecord): void;
  revokeLease(id: bigint): void;
}

/** Told of every committed revision, in order, after it is durable. */
export type ChangeListener = (changes: readonly RevisionChanges[]) => void;

interface Job {
  run: (scope: WriteScope) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface MvccStoreOptions {
  dataDir: string;
  quotaBackendBytes: number;
  /** Called when a commit fails: the store's memory may be ahead of its disk, so the process must end. */
  onFatal: (err: unknown) => void;
  /** Told how long each commit (the fsync included) took, in seconds. */
  onCommit?: (seconds: number) => void;
}

export class MvccStore {
  readonly clusterId: bigint;
  readonly memberId: bigint;
  private readonly index = new KeyIndex();
  private readonly history = new RevisionHistory();
  private readonly disk: Disk;
  private revisionValue: number;
  private compactRevisionValue: number;
  private queue: Job[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly listeners: ChangeListener[] = [];
  private readonly leaseKeys = new Map<bigint, Set<string>>();
  private readonly options: MvccStoreOptions;
  private cachedSize: number;
  /** Leases present at open, for the lessor to take over. */
  readonly storedLeases: readonly LeaseRecord[];
  /** Set once a write was refused for space; cleared by disarming the alarm (etcd's NOSPACE). */
  noSpaceAlarm = false;

  private readonly context: KvContext;

  constructor(options: MvccStoreOptions) {
    this.options = options;
    const { disk, state } = Disk.open(options.dataDir);
    this.disk = disk;
    this.clusterId = state.clusterId;
    this.memberId = state.memberId;
    this.revisionValue = state.revision;
    this.compactRevisionValue = state.compactRevision;
    this.storedLeases = state.leases;
    for (const lease of state.leases) this.leaseKeys.set(lease.id, new Set());
    this.loadRecords(state.records);
    this.cachedSize = disk.size();
    const store = this;
    this.context = {
      index: this.index,
      get compactRevision() {
        return store.compactRevisionValue;
      },
      leaseExists: (id) => this.leaseKeys.has(id),
      attachKey: (lease, key) => this.leaseKeys.get(lease)?.add(key),
      detachKey: (lease, key) => this.leaseKeys.get(lease)?.delete(key),
    };
  }

  private loadRecords(records: readonly KeyRecord[]): void {
    let current: { revision: number; events: RevisionChanges['events'] } | undefined;
    for (const record of records) {
      this.index.append(indexKey(record.key), record);
      if (current?.revision !== record.modRevision) {
        if (current !== undefined && current.revision >= this.compactRevisionValue) this.history.add(current);
        current = { revision: record.modRevision, events: [] };
      }
      current.events.push({ type: record.tombstone ? 'DELETE' : 'PUT', kv: record });
    }
    if (current !== undefined && current.revision >= this.compactRevisionValue) this.history.add(current);
    // Keys hold their lease in their latest record; rebuild the lease -> keys map from it.
    this.index.forEachLive({ start: '', end: null }, this.revisionValue, (record) => {
      if (record.lease !== 0n) this.leaseKeys.get(record.lease)?.add(indexKey(record.key));
    });
  }

  get revision(): number {
    return this.revisionValue;
  }

  get compactRevision(): number {
    return this.compactRevisionValue;
  }

  get keyCount(): number {
    return this.index.keyCount;
  }

  /** Bytes of the store's files, as of the last commit. */
  get size(): number {
    return this.cachedSize;
  }

  sizeInUse(): number {
    return this.disk.sizeInUse();
  }

  onChanges(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** The changes of revisions [from, to] still in history (from > compact revision). */
  changesBetween(from: number, to: number, maxRevisions?: number): RevisionChanges[] {
    return this.history.range(from, to, maxRevisions);
  }

  /** The record of a key just before `revision`, for a watcher's prev_kv. */
  previous(key: Buffer, revision: number): KeyRecord | undefined {
    const record = this.index.before(indexKey(key), revision);
    return record === undefined || record.tombstone ? undefined : record;
  }

  /** The live record of a key now. */
  get(key: string): KeyRecord | undefined {
    return this.index.at(key, this.revisionValue);
  }

  range(query: RangeQuery): RangeResult {
    return range(this.context, query, this.revisionValue);
  }

  /** Keys attached to a lease, in key order. */
  leaseKeyNames(id: bigint): string[] {
    return [...(this.leaseKeys.get(id) ?? [])].sort();
  }

  /** A transaction that only reads runs at once; one that writes is committed like any write. */
  txn(request: TxnRequest): TxnResult | Promise<TxnResult> {
    if (!isWriteTxn(request)) return new WriteTxn(this.context, this.revisionValue).txn(request);
    return this.write(({ txn }) => txn.txn(request));
  }

  /**
   * Runs `run` as the next write and resolves once its changes are on disk. Writes queued in the
   * same turn of the event loop share one commit (group commit); each still gets its own revision.
   */
  write<T>(run: (scope: WriteScope) => T, consumesSpace = true): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('STOPPED'));
    if (consumesSpace && (this.noSpaceAlarm || this.cachedSize > this.options.quotaBackendBytes)) {
      this.noSpaceAlarm = true;
      return Promise.reject(new StoreError('NO_SPACE'));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const settled: [Job, boolean, unknown][] = [];
    const changes: RevisionChanges[] = [];
    const batch: DiskBatch = {
      records: [],
      grantedLeases: [],
      revokedLeases: [],
    };
    for (const job of jobs) {
      const txn = new WriteTxn(this.context, this.revisionValue);
      const granted: LeaseRecord[] = [];
      const revoked: bigint[] = [];
      const scope: WriteScope = {
        txn,
        grantLease: (lease) => {
          granted.push(lease);
          this.leaseKeys.set(lease.id, new Set());
        },
        revokeLease: (id) => {
          revoked.push(id);
          this.leaseKeys.delete(id);
        },
      };
      let result: unknown;
      try {
        result = job.run(scope);
      } catch (err) {
        // Operations validate before they change anything, so a refused write left no trace.
        if (txn.events.length > 0 || granted.length > 0 || revoked.length > 0) {
          this.fail(err, jobs);
          return;
        }
        settled.push([job, false, err]);
        continue;
      }
      if (txn.events.length > 0) {
        this.revisionValue = txn.begin + 1;
        changes.push({ revision: this.revisionValue, events: txn.events });
        for (const event of txn.events) batch.records.push(event.kv);
      }
      batch.grantedLeases.push(...granted);
      batch.revokedLeases.push(...revoked);
      settled.push([job, true, result]);
    }
    try {
      if (batch.records.length > 0 || batch.grantedLeases.length > 0 || batch.revokedLeases.length > 0) {
        const started = process.hrtime.bigint();
        this.disk.commit(batch);
        this.options.onCommit?.(Number(process.hrtime.bigint() - started) / 1e9);
        this.cachedSize = this.disk.size();
      }
    } catch (err) {
      this.fail(err, jobs);
      return;
    }
    for (const c of changes) this.history.add(c);
    for (const listener of this.listeners) listener(changes);
    for (const [job, ok, value] of settled) {
      if (ok) job.resolve(value);
      else job.reject(value);
    }
  }

  private fail(err: unknown, jobs: Job[]): void {
    this.closed = true;
    for (const job of jobs) job.reject(new StoreError('STOPPED'));
    this.options.onFatal(err);
  }

  /**
   * etcd's Compact: forgets history before `revision`. It runs between commits (the event loop is
   * ours until it returns), so no write is half-applied, and it is durable when it returns.
   */
  compact(revision: number): void {
    if (this.closed) throw new StoreError('STOPPED');
    if (revision <= this.compactRevisionValue) throw new StoreError('COMPACTED');
    if (revision > this.revisionValue) throw new StoreError('FUTURE_REV');
    const removed: KeyRecord[] = [];
    this.index.compact(revision, (record) => removed.push(record));
    const gone = new Set(removed);
    this.history.compact(revision, (c) => ({
      revision: c.revision,
      events: c.events.filter((e) => !gone.has(e.kv)),
    }));
    this.compactRevisionValue = revision;
    try {
      this.disk.compact(revision, this.revisionValue, removed);
    } catch (err) {
      this.fail(err, []);
      throw new StoreError('STOPPED');
    }
    this.cachedSize = this.disk.size();
  }

  defragment(): void {
    this.disk.defragment();
    this.cachedSize = this.disk.size();
  }

  /** Stops taking writes, lets queued ones commit, and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    const pending =
      this.queue.length > 0 ? this.write(() => undefined, false).catch(() => undefined) : undefined;
    await pending;
    this.closed = true;
    this.disk.close();
  }
}
