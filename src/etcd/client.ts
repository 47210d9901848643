// The connected etcd client every part of Setpoint uses: snapshots, watches, status, and the
// underlying etcd3 client for plain reads, writes and transactions.
import type { Etcd3 } from 'etcd3';
import type { Logger } from '../log/logger.js';
import type { Endpoint } from './endpoints.js';
import { toRevision } from './key-value.js';
import { type MemberStatus, toMemberStatus } from './member-status.js';
import {
  type PrefixSnapshot,
  type RangeSnapshotOptions,
  rangeSnapshot,
  type SnapshotPage,
  type SnapshotPagesOptions,
  snapshotPages,
} from './snapshot.js';
import { type PrefixWatch, type WatchPrefixOptions, watchPrefix } from './watch.js';

/**
 * A connection to etcd (or any store speaking the etcd v3 API). Made by `connect`.
 *
 * @example
 * const client = await connect({ endpoints: 'etcd-1:2379,etcd-2:2379' });
 * const { header } = await client.etcd.put('app/port').value('8080').exec();
 * const snapshot = await client.rangeSnapshot('app/');
 * await client.close();
 */
export class EtcdClient {
  private readonly watches = new Set<PrefixWatch>();

  constructor(
    /** The etcd3 client, for gets, puts, deletes, transactions and leases. */
    readonly etcd: Etcd3,
    /** The endpoints it dials. */
    readonly endpoints: readonly Endpoint[],
    private readonly logger: Logger,
  ) {}

  /**
   * Everything under `prefix` at one revision, read in pages pinned to that revision; starts again
   * at a newer revision if etcd compacts during the read.
   *
   * @example
   * const { revision, kvs } = await client.rangeSnapshot('app/', { pageSize: 500 });
   */
  rangeSnapshot(prefix: string, options?: RangeSnapshotOptions): Promise<PrefixSnapshot> {
    return rangeSnapshot(this.etcd, prefix, options);
  }

  /**
   * The same snapshot, page by page, for prefixes too large to hold; throws
   * `SnapshotCompactedError` if etcd compacts its revision before the last page.
   *
   * @example
   * for await (const page of client.snapshotPages('app/')) await archive.write(page.kvs);
   */
  snapshotPages(
    prefix: string,
    options?: SnapshotPagesOptions,
  ): AsyncGenerator<SnapshotPage, void, undefined> {
    return snapshotPages(this.etcd, prefix, options);
  }

  /**
   * Watches `prefix` from `fromRevision + 1` on, through reconnects and compactions; see `watchPrefix`.
   *
   * @example
   * const watch = client.watchPrefix('app/', { fromRevision: snapshot.revision, onEvents, onResync });
   */
  watchPrefix(prefix: string, options: WatchPrefixOptions): PrefixWatch {
    const watch = watchPrefix(this.etcd, prefix, options, this.logger);
    this.watches.add(watch);
    const forget = () => this.watches.delete(watch);
    watch.done.then(forget, forget);
    return watch;
  }

  /**
   * The cluster's current revision, from a linearizable read (a member's `status()` may lag).
   *
   * @example
   * const revision = await client.currentRevision(); // read everything at this revision next
   */
  async currentRevision(): Promise<number> {
    const response = await this.etcd.kv.range({ key: Buffer.from([0]), limit: 1 });
    return toRevision(response.header.revision);
  }

  /**
   * The Status of whichever member answers (with one endpoint: that member).
   *
   * @example
   * const { isLeader, memberId } = await client.status();
   */
  async status(): Promise<MemberStatus> {
    return toMemberStatus(await this.etcd.maintenance.status());
  }

  /**
   * Stops every watch started through this client and closes its connections.
   *
   * @example
   * await client.close();
   */
  async close(): Promise<void> {
    await Promise.all([...this.watches].map((watch) => watch.stop()));
    this.etcd.close();
  }
}
