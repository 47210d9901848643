// The in-memory index of every key's versions, in key order, as etcd's treeIndex.
import { createRequire } from 'node:module';
import type { KeyInterval, KeyRecord } from '../types.js';

// sorted-btree is CommonJS with its class on `exports.default`; require() reads it the same way
// under Node and under the test runner's module interop.
const BTree = (createRequire(import.meta.url)('sorted-btree') as typeof import('sorted-btree')).default;
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Each key maps to its records in revision order; tombstones end generations. Holding the values
 * here too keeps reads free of disk I/O: the store's files are the durable copy, this is the
 * working copy.
 */
export class KeyIndex {
  /** Keys in byte order, for ranges. */
  private readonly tree = new BTree<string, KeyRecord[]>(undefined, byteOrder);
  /** The same record lists by key, for the point lookups every write makes (a hash beats a tree walk). */
  private readonly byKey = new Map<string, KeyRecord[]>();

  get keyCount(): number {
    return this.byKey.size;
  }

  /** The latest record of a key (a tombstone when it was deleted last), or undefined. */
  latest(key: string): KeyRecord | undefined {
    const records = this.byKey.get(key);
    return records?.[records.length - 1];
  }

  /** The live record of a key at a revision, or undefined when it did not exist then. */
  at(key: string, revision: number): KeyRecord | undefined {
    const records = this.byKey.get(key);
    return records === undefined ? undefined : liveAt(records, revision);
  }

  /** The record of a key just before a revision (for prev_kv), live or not. */
  before(key: string, revision: number): KeyRecord | undefined {
    const records = this.byKey.get(key);
    if (records === undefined) return undefined;
    const i = lastAtOrBefore(records, revision - 1);
    return i < 0 ? undefined : records[i];
  }

  append(key: string, record: KeyRecord): void {
    const records = this.byKey.get(key);
    if (records !== undefined) {
      records.push(record);
      return;
    }
    const created = [record];
    this.byKey.set(key, created);
    this.tree.set(key, created);
  }

  /** Takes back the last record appended to a key (a write undone before it was committed). */
  removeLast(key: string, record: KeyRecord): void {
    const records = this.byKey.get(key);
    if (records === undefined || records[records.length - 1] !== record) {
      throw new Error(`cannot undo: the last record of key ${JSON.stringify(key)} is not the one given`);
    }
    records.pop();
    if (records.length === 0) this.forget(key);
  }

  /** Calls `visit` with the live record of every key in the interval at `revision`, in key order. */
  forEachLive(interval: KeyInterval, revision: number, visit: (record: KeyRecord) => void): void {
    if (interval.end === undefined) {
      const record = this.at(interval.start, revision);
      if (record !== undefined) visit(record);
      return;
    }
    const end = interval.end;
    if (end !== null && end <= interval.start) return;
    for (const [key, records] of this.tree.entries(interval.start)) {
      if (end !== null && key >= end) break;
      const record = liveAt(records, revision);
      if (record !== undefined) visit(record);
    }
  }

  /**
   * Drops what a compaction at `revision` makes unreachable: for each key, every record older than
   * its latest record at or before `revision`, and that record too when it is a tombstone.
   * Calls `removed` for each dropped record so the caller can delete it from disk.
   */
  compact(revision: number, removed: (record: KeyRecord) => void): void {
    const emptied: string[] = [];
    this.tree.forEachPair((key, records) => {
      const i = lastAtOrBefore(records, revision);
      if (i < 0) return;
      let drop = i;
      if (records[i]!.tombstone) drop = i + 1;
      if (drop === 0) return;
      for (let j = 0; j < drop; j++) removed(records[j]!);
      records.splice(0, drop);
      if (records.length === 0) emptied.push(key);
    });
    for (const key of emptied) this.forget(key);
  }

  private forget(key: string): void {
    this.tree.delete(key);
    this.byKey.delete(key);
  }
}

function lastAtOrBefore(records: readonly KeyRecord[], revision: number): number {
  let lo = 0;
  let hi = records.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid]!.modRevision <= revision) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function liveAt(records: readonly KeyRecord[], revision: number): KeyRecord | undefined {
  const last = records[records.length - 1]!;
  const record = last.modRevision <= revision ? last : records[lastAtOrBefore(records, revision)];
  return record === undefined || record.tombstone ? undefined : record;
}
