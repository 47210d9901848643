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

/** Up to this many writes in a group, the log is synced on the event loop's thread. */
const INLINE_SYNC_MAX_WRITES = 4;

/** The writes of one flush: answered together once their log entry is on disk. */
interface Group {
  settled: [Job, boolean, unknown][];
  changes: RevisionChanges[];
  /** The head revision after these writes. */
  revision: number;
}

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
  /** The newest revision applied in memory: what writes build on. */
  private head: number;
  /** The newest revision on disk: what reads, watchers and acknowledgements see. */
  private durable: number;
  /** Groups of applied writes waiting for their sync, oldest first. */
  private unsynced: Group[] = [];
  private syncing = false;
  private appendedSinceSync = false;
  private drained: (() => void)[] = [];
  private compactRevisionValue: number;
  private queue: Job[] = [];
  private flushScheduled = false;
  private closed = false;
  private closing = false;
  private readonly listeners: ChangeListener[] = [];
  private readonly leaseKeys = new Map<bigint, Set<string>>();
  private readonly options: MvccStoreOptions;
  /** Leases present at open, for the lessor to take over. */
  readonly storedLeases: readonly LeaseRecord[];
  /** Set once a write was refused for space; cleared by disarming the alarm (etcd's NOSPACE). */
  noSpaceAlarm = false;

  private readonly context: KvContext;

  constructor(options: MvccStoreOptions) {
    this.options = options;
    const { disk, state } = Disk.open(options.dataDir);
    this.disk = disk;
    disk.onFatal = (err) => this.fail(err, []);
    this.clusterId = state.clusterId;
    this.memberId = state.memberId;
    this.head = state.revision;
    this.durable = state.revision;
    this.compactRevisionValue = state.compactRevision;
    this.storedLeases = state.leases;
    for (const lease of state.leases) this.leaseKeys.set(lease.id, new Set());
    this.loadRecords(state.records);
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
    this.index.forEachLive({ start: '', end: null }, this.head, (record) => {
      if (record.lease !== 0n) this.leaseKeys.get(record.lease)?.add(indexKey(record.key));
    });
  }

  /** The current revision as clients see it: the newest one on disk. */
  get revision(): number {
    return this.durable;
  }

  get compactRevision(): number {
    return this.compactRevisionValue;
  }

  get keyCount(): number {
    return this.index.keyCount;
  }

  /** Bytes of the store's files, as of the last time they were written. */
  get size(): number {
    return this.disk.size();
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

  /** The live record of a key at the write head, for writes that build on it. */
  get(key: string): KeyRecord | undefined {
    return this.index.at(key, this.head);
  }

  /** A read at the newest durable revision (or an older one): never sees a write not yet on disk. */
  range(query: RangeQuery): RangeResult {
    return range(this.context, query, this.durable);
  }

  /** Keys attached to a lease, in key order. */
  leaseKeyNames(id: bigint): string[] {
    return [...(this.leaseKeys.get(id) ?? [])].sort();
  }

  /** A transaction that only reads runs at once; one that writes is committed like any write. */
  txn(request: TxnRequest): TxnResult | Promise<TxnResult> {
    if (!isWriteTxn(request)) return new WriteTxn(this.context, this.durable).txn(request);
    return this.write(({ txn }) => txn.txn(request));
  }

  /**
   * Runs `run` as the next write and resolves once its changes are on disk. Writes queued in the
   * same turn of the event loop are applied together and appended to the log as one entry; one
   * fdatasync in the thread pool then covers every entry appended since the last one, while the
   * event loop goes on serving (group commit). Each write still gets its own revision.
   */
  write<T>(run: (scope: WriteScope) => T, consumesSpace = true): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('STOPPED'));
    if (consumesSpace && (this.noSpaceAlarm || this.disk.size() > this.options.quotaBackendBytes)) {
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

  /** Applies the queued writes at the head and appends them to the log, then asks for a sync. */
  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.queue;
    this.queue = [];
    if (jobs.length === 0) return;
    const group: Group = { settled: [], changes: [], revision: this.head };
    const batch: DiskBatch = { records: [], grantedLeases: [], revokedLeases: [] };
    for (const job of jobs) {
      const txn = new WriteTxn(this.context, this.head);
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
        // Operations validate before they change anything; a refusal found midway (a transaction
        // whose earlier delete removed a key a later ignore_value put needs) is undone.
        if (granted.length > 0 || revoked.length > 0) {
          this.fail(err, jobs);
          return;
        }
        txn.rollback();
        group.settled.push([job, false, err]);
        continue;
      }
      if (txn.events.length > 0) {
        this.head = txn.begin + 1;
        group.changes.push({ revision: this.head, events: txn.events });
        for (const event of txn.events) batch.records.push(event.kv);
      }
      batch.grantedLeases.push(...granted);
      batch.revokedLeases.push(...revoked);
      group.settled.push([job, true, result]);
    }
    group.revision = this.head;
    if (batch.records.length > 0 || batch.grantedLeases.length > 0 || batch.revokedLeases.length > 0) {
      try {
        this.disk.append(batch);
      } catch (err) {
        this.fail(err, jobs);
        return;
      }
      this.appendedSinceSync = true;
    }
    this.unsynced.push(group);
    this.sync();
  }

  /** Starts a sync of everything appended, unless one is running (it starts the next when done). */
  private sync(): void {
    if (this.syncing || this.unsynced.length === 0) return;
    const groups = this.unsynced;
    this.unsynced = [];
    if (!this.appendedSinceSync) {
      // Nothing new to make durable (refused or no-op writes): answer them in order, now.
      this.complete(groups);
      return;
    }
    this.syncing = true;
    this.appendedSinceSync = false;
    const started = process.hrtime.bigint();
    // A few writes: sync on this thread (a sync in the thread pool costs a cross-thread wake-up,
    // which is most of a lone write's latency). Many: sync in the pool while the loop serves on.
    const writes = groups.reduce((n, g) => n + g.settled.length, 0);
    this.disk.sync(writes <= INLINE_SYNC_MAX_WRITES, (err) => {
      this.syncing = false;
      if (err !== null) {
        this.fail(
          err,
          groups.flatMap((g) => g.settled.map(([job]) => job)),
        );
        return;
      }
      this.options.onCommit?.(Number(process.hrtime.bigint() - started) / 1e9);
      this.complete(groups);
      this.sync();
    });
  }

  /** The groups' writes are on disk: make them visible, tell watchers, answer the writers. */
  private complete(groups: readonly Group[]): void {
    for (const group of groups) {
      this.durable = Math.max(this.durable, group.revision);
      for (const c of group.changes) this.history.add(c);
      if (group.changes.length > 0) for (const listener of this.listeners) listener(group.changes);
      for (const [job, ok, value] of group.settled) {
        if (ok) job.resolve(value);
        else job.reject(value);
      }
    }
    if (!this.syncing && this.unsynced.length === 0) for (const done of this.drained.splice(0)) done();
  }

  private fail(err: unknown, jobs: Job[]): void {
    this.closed = true;
    for (const job of jobs) job.reject(new StoreError('STOPPED'));
    for (const group of this.unsynced)
      for (const [job] of group.settled) job.reject(new StoreError('STOPPED'));
    this.unsynced = [];
    this.options.onFatal(err);
  }

  /**
   * etcd's Compact: forgets history before `revision` (at most the durable revision, so writes
   * waiting for their sync, all newer, are untouched). It is durable when it returns.
   */
  compact(revision: number): void {
    if (this.closed) throw new StoreError('STOPPED');
    if (revision <= this.compactRevisionValue) throw new StoreError('COMPACTED');
    if (revision > this.durable) throw new StoreError('FUTURE_REV');
    const removed: KeyRecord[] = [];
    this.index.compact(revision, (record) => removed.push(record));
    const gone = new Set(removed);
    this.history.compact(revision, (c) => ({
      revision: c.revision,
      events: c.events.filter((e) => !gone.has(e.kv)),
    }));
    this.compactRevisionValue = revision;
    try {
      this.disk.compact(revision, this.durable, removed);
    } catch (err) {
      this.fail(err, []);
      throw new StoreError('STOPPED');
    }
  }

  defragment(): void {
    this.disk.defragment();
  }

  /** Stops taking writes, lets queued ones commit, and closes the files. */
  async close(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    if (this.queue.length > 0) await this.write(() => undefined, false).catch(() => undefined);
    if (this.syncing || this.unsynced.length > 0)
      await new Promise<void>((resolve) => this.drained.push(resolve));
    this.closed = true;
    this.disk.close();
  }
}
