// Reads everything under a prefix at one revision, page by page, so a snapshot of any size is
// consistent: every page after the first is read at the first page's revision.
import { type Etcd3, Range } from 'etcd3';
import { SnapshotCompactedError } from './errors.js';
import { type KeyValue, toKeyValue, toRevision } from './key-value.js';

/**
 * Everything under a prefix at one revision.
 *
 * @example
 * const { revision, kvs } = await client.rangeSnapshot('app/');
 */
export interface PrefixSnapshot {
  readonly prefix: string;
  /** The revision every key-value was read at. */
  readonly revision: number;
  /** Key-values in ascending key order. */
  readonly kvs: KeyValue[];
}

/**
 * One page of a snapshot.
 *
 * @example
 * await client.rangeSnapshot('app/', { onPage: (page) => bar.update(page.keysRead) });
 */
export interface SnapshotPage {
  readonly prefix: string;
  /** The revision of the whole snapshot this page belongs to. */
  readonly revision: number;
  /** This page's key-values, in ascending key order, after those of the previous page. */
  readonly kvs: KeyValue[];
  /** Key-values read so far in this attempt, this page included. */
  readonly keysRead: number;
  /** 1 for the first attempt; `rangeSnapshot` starts again after a compaction. */
  readonly attempt: number;
}

/**
 * Options of `snapshotPages`.
 *
 * @example
 * client.snapshotPages('app/', { pageSize: 500, revision: 1234 });
 */
export interface SnapshotPagesOptions {
  /** Keys per request; default 1000. */
  pageSize?: number;
  /** Read at this revision instead of the newest one. */
  revision?: number;
}

/**
 * Options of `rangeSnapshot`.
 *
 * @example
 * await client.rangeSnapshot('app/', { pageSize: 500, maxAttempts: 3 });
 */
export interface RangeSnapshotOptions extends SnapshotPagesOptions {
  /** Attempts before giving up when compaction keeps overtaking the read; default 5. */
  maxAttempts?: number;
  /** Called (and awaited) after each page, e.g. to show progress. */
  onPage?: (page: SnapshotPage) => void | Promise<void>;
}

const defaultPageSize = 1000;
const defaultMaxAttempts = 5;

/**
 * Yields a snapshot page by page without holding it all in memory. The first page fixes the
 * revision. If etcd compacts that revision before the last page, it throws
 * `SnapshotCompactedError`: pages already handed out cannot be taken back, so the caller starts
 * again (`rangeSnapshot` does that itself).
 *
 * @example
 * for await (const page of snapshotPages(etcd, 'app/', { pageSize: 500 })) {
 *   for (const kv of page.kvs) archive.add(kv, page.revision);
 * }
 */
export async function* snapshotPages(
  etcd: Etcd3,
  prefix: string,
  options: SnapshotPagesOptions = {},
  attempt = 1,
): AsyncGenerator<SnapshotPage, void, undefined> {
  const pageSize = options.pageSize ?? defaultPageSize;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw new TypeError(`pageSize must be a positive integer, got ${pageSize}`);
  }
  const range = Range.prefix(prefix);
  let revision = options.revision ?? 0;
  let key = range.start;
  let keysRead = 0;
  // Bounded: each page moves `key` strictly forward through a finite key space.
  for (;;) {
    let response: Awaited<ReturnType<Etcd3['kv']['range']>>;
    try {
      response = await etcd.kv.range({ key, range_end: range.end, limit: pageSize, revision });
    } catch (err) {
      if (isCompactedError(err)) {
        throw new SnapshotCompactedError(
          prefix,
          revision,
          'read the snapshot again; it will be taken at a newer revision',
        );
      }
      throw err;
    }
    // With revision 0 etcd reads the newest; the header then names that revision. (When a revision
    // is given, the header names the current one instead, so keep ours.)
    if (revision === 0) revision = toRevision(response.header.revision);
    const kvs = response.kvs.map(toKeyValue);
    keysRead += kvs.length;
    yield { prefix, revision, kvs, keysRead, attempt };
    const last = response.kvs.at(-1);
    if (!response.more || last === undefined) return;
    key = Buffer.concat([last.key, Buffer.from([0])]);
  }
}

/**
 * Reads everything under `prefix` at one revision. A compaction that overtakes the read makes it
 * start again at a newer revision (nothing has been handed out yet, and any revision is a correct
 * snapshot); with `revision` given it throws `SnapshotCompactedError` instead, since that exact
 * revision is gone.
 *
 * @example
 * const { revision, kvs } = await rangeSnapshot(etcd, 'app/', { pageSize: 500 });
 */
export async function rangeSnapshot(
  etcd: Etcd3,
  prefix: string,
  options: RangeSnapshotOptions = {},
): Promise<PrefixSnapshot> {
  const maxAttempts = options.maxAttempts ?? defaultMaxAttempts;
  let lastError: SnapshotCompactedError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const kvs: KeyValue[] = [];
    let revision = options.revision ?? 0;
    try {
      for await (const page of snapshotPages(etcd, prefix, options, attempt)) {
        revision = page.revision;
        for (const kv of page.kvs) kvs.push(kv);
        await options.onPage?.(page);
      }
      return { prefix, revision, kvs };
    } catch (err) {
      if (!(err instanceof SnapshotCompactedError) || options.revision !== undefined) throw err;
      lastError = err;
    }
  }
  throw new SnapshotCompactedError(
    prefix,
    lastError?.revision ?? 0,
    `compaction overtook the read ${maxAttempts} times in a row; read with a larger pageSize, ` +
      'or compact less often (etcd --auto-compaction-retention)',
  );
}

/** True for etcd's "required revision has been compacted" answer. */
export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes('required revision has been compacted');
}
