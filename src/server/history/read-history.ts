// Reads the recorded history: one key's changes, a directory's, the value of a key at a revision, and
// the gaps where history was lost.
import { type IRangeResponse, SortOrder, SortTarget } from 'etcd3';
import type { EtcdClient } from '../../etcd/index.js';
import {
  HISTORY_GAPS_PREFIX,
  HISTORY_PREFIX,
  historyKeyPrefix,
  historyRecordPath,
  prefixRangeEnd,
} from '../../keyspace/index.js';
import { HistoryLostError, HistoryNotRecordedError } from './errors.js';
import { type HistoryGap, parseHistoryGap } from './position.js';
import { type HistoryRecord, parseHistoryRecord, parseRecordPath, recordValue } from './records.js';
import { readHistoryPosition } from './transactions.js';

/**
 * One recorded change of one key.
 *
 * @example
 * for (const entry of await readKeyHistory(client, 'hack/port')) console.log(entry.revision, entry.kind);
 */
export interface HistoryEntry {
  readonly key: string;
  /** The revision of the change. */
  readonly revision: number;
  readonly kind: 'put' | 'delete';
  /** The value's bytes as stored (a sealed value stays sealed); undefined for a delete or a truncated record. */
  readonly value: Buffer | undefined;
  /** The value's length in bytes (0 for a delete). */
  readonly size: number;
  /** The key's version after the change; 0 for a delete. */
  readonly version: number;
  readonly createRevision: number;
  readonly lease: string;
  /** ISO 8601 time the recorder wrote the record. */
  readonly recordedAt: string;
  /** True for a value read from a snapshot (recording started, or resumed after lost history), not a watch event. */
  readonly baseline: boolean;
  /** True when the value was too large to keep (`MAX_RECORDED_VALUE_BYTES`). */
  readonly truncated: boolean;
}

/**
 * Options of `readKeyHistory` and `readDirectoryHistory`.
 *
 * @example
 * await readKeyHistory(client, 'hack/port', { limit: 20, beforeRevision: 400 });
 */
export interface ReadHistoryOptions {
  /** Most entries returned; default 100. A directory page may hold a few more to end on a whole revision. */
  limit?: number;
  /** Only changes before this revision (the next page: the last entry's revision). */
  beforeRevision?: number;
}

const defaultLimit = 100;
const maxReadsPerTxn = 100;

/**
 * One key's recorded changes, newest first.
 *
 * @example
 * const [latest, previous] = await readKeyHistory(client, 'hack/storage/swift/password', { limit: 2 });
 */
export async function readKeyHistory(
  client: EtcdClient,
  key: string,
  options: ReadHistoryOptions = {},
): Promise<HistoryEntry[]> {
  const limit = checkLimit(options.limit);
  return (await readRecordsDescending(client, key, options.beforeRevision, limit)).map(toEntry);
}

/**
 * The recorded changes of every key under `dir/`, newest first (by revision, then key).
 *
 * @example
 * let page = await readDirectoryHistory(client, 'hack', { limit: 50 });
 * page = await readDirectoryHistory(client, 'hack', { limit: 50, beforeRevision: page.at(-1)?.revision });
 */
export async function readDirectoryHistory(
  client: EtcdClient,
  dir: string,
  options: ReadHistoryOptions = {},
): Promise<HistoryEntry[]> {
  const limit = checkLimit(options.limit);
  const prefix = `${HISTORY_PREFIX}${dir.endsWith('/') ? dir : `${dir}/`}`;
  const before = options.beforeRevision ?? Number.POSITIVE_INFINITY;
  const found: { path: string; revision: number }[] = [];
  for await (const page of client.snapshotPages(prefix, { pageSize: 1000 })) {
    for (const kv of page.kvs) {
      const where = parseRecordPath(kv.key);
      if (where !== undefined && where.revision < before)
        found.push({ path: kv.key, revision: where.revision });
    }
  }
  found.sort((a, b) => b.revision - a.revision || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let end = Math.min(limit, found.length);
  // End on a whole revision, so paging by `beforeRevision` skips none of a transaction's keys.
  while (end > 0 && end < found.length && found[end]!.revision === found[end - 1]!.revision) end++;
  const chosen = found.slice(0, end);
  const entries: HistoryEntry[] = [];
  for (let i = 0; i < chosen.length; i += maxReadsPerTxn) {
    const slice = chosen.slice(i, i + maxReadsPerTxn);
    const result = await client.etcd.kv.txn({
      compare: [],
      success: slice.map(({ path }) => ({ request_range: { key: Buffer.from(path, 'utf8') } })),
      failure: [],
    });
    for (const response of result.responses) {
      const kv = response.response_range.kvs[0];
      // Dropped by retention between the listing and this read.
      if (kv !== undefined) entries.push(toEntry(parseHistoryRecord(kv.key.toString('utf8'), kv.value)));
    }
  }
  return entries;
}

/**
 * The gaps where history was lost (etcd compacted revisions the recorder had not seen), oldest first.
 *
 * @example
 * for (const gap of await readHistoryGaps(client)) console.warn(`history between ${gap.from} and ${gap.to} was lost`);
 */
export async function readHistoryGaps(client: EtcdClient): Promise<HistoryGap[]> {
  const { kvs } = await client.rangeSnapshot(HISTORY_GAPS_PREFIX);
  return kvs.map((kv) => parseHistoryGap(kv.key, kv.value));
}

/**
 * The recorded state of `key` at `revision`: the change in force then (a put, with its value), or
 * undefined if the key did not exist. Works after etcd compacted that revision. Throws
 * `HistoryNotRecordedError` for a revision the records cannot answer for (before recording began,
 * past the recorder's position, before records retention dropped) and `HistoryLostError` when the
 * answer falls in a gap of lost history.
 *
 * @example
 * const entry = await valueAt(client, 'hack/port', 120);
 * console.log(entry?.value?.toString('utf8') ?? '(no such key)');
 */
export async function valueAt(
  client: EtcdClient,
  key: string,
  revision: number,
): Promise<HistoryEntry | undefined> {
  if (!Number.isSafeInteger(revision) || revision < 1) {
    throw new TypeError(`revision must be a whole number of at least 1, got ${revision}`);
  }
  const { position } = await readHistoryPosition(client);
  if (position === undefined) {
    throw new HistoryNotRecordedError(
      key,
      revision,
      "the history recorder has recorded nothing yet; start it with 'setpoint history record' or 'setpoint serve'",
    );
  }
  if (revision > position.revision) {
    throw new HistoryNotRecordedError(
      key,
      revision,
      `history is recorded up to revision ${position.revision} so far; read a newer revision from etcd, or wait for the recorder`,
    );
  }
  const [record] = await readRecordsDescending(client, key, revision + 1, 1);
  if (record === undefined) {
    if (revision < position.since) {
      throw new HistoryNotRecordedError(
        key,
        revision,
        `recording began at revision ${position.since}; ask for that revision or a later one`,
      );
    }
    const [oldest] = await readRecordsAscending(client, key, 1);
    if (
      oldest !== undefined &&
      !(oldest.kind === 'put' && oldest.version === 1 && oldest.observedAt === undefined)
    ) {
      throw new HistoryNotRecordedError(
        key,
        revision,
        `its oldest kept record is at revision ${oldest.revision} (older ones were dropped by the retention policy)`,
      );
    }
    return undefined;
  }
  const knownThrough = Math.max(record.revision, record.observedAt ?? 0);
  for (const gap of await readHistoryGaps(client)) {
    if (gap.from <= revision && gap.to > knownThrough)
      throw new HistoryLostError(key, revision, gap.from, gap.to);
  }
  return record.kind === 'delete' ? undefined : toEntry(record);
}

/** Records of `key` before `beforeRevision`, newest first, at most `limit`. */
async function readRecordsDescending(
  client: EtcdClient,
  key: string,
  beforeRevision: number | undefined,
  limit: number,
): Promise<HistoryRecord[]> {
  const prefix = historyKeyPrefix(key);
  let end =
    beforeRevision === undefined
      ? prefixRangeEnd(prefix)
      : Buffer.from(historyRecordPath(key, beforeRevision), 'utf8');
  const records: HistoryRecord[] = [];
  // Bounded: each page moves `end` strictly down a finite key range.
  for (;;) {
    const response: IRangeResponse = await client.etcd.kv.range({
      key: Buffer.from(prefix, 'utf8'),
      range_end: end,
      limit: limit - records.length,
      sort_order: SortOrder.Descend,
      sort_target: SortTarget.Key,
    });
    for (const kv of response.kvs) {
      const path = kv.key.toString('utf8');
      // A key holding `@` (`a@b`) has its records under this prefix too.
      if (parseRecordPath(path)?.key === key) records.push(parseHistoryRecord(path, kv.value));
    }
    const last = response.kvs.at(-1);
    if (records.length >= limit || !response.more || last === undefined) return records;
    end = last.key;
  }
}

/** Records of `key`, oldest first, at most `limit`. */
async function readRecordsAscending(
  client: EtcdClient,
  key: string,
  limit: number,
): Promise<HistoryRecord[]> {
  const prefix = historyKeyPrefix(key);
  let start = Buffer.from(prefix, 'utf8');
  const records: HistoryRecord[] = [];
  for (;;) {
    const response: IRangeResponse = await client.etcd.kv.range({
      key: start,
      range_end: prefixRangeEnd(prefix),
      limit: limit - records.length,
    });
    for (const kv of response.kvs) {
      const path = kv.key.toString('utf8');
      if (parseRecordPath(path)?.key === key) records.push(parseHistoryRecord(path, kv.value));
    }
    const last = response.kvs.at(-1);
    if (records.length >= limit || !response.more || last === undefined) return records;
    start = Buffer.concat([last.key, Buffer.from([0])]);
  }
}

function toEntry(record: HistoryRecord): HistoryEntry {
  return {
    key: record.key,
    revision: record.revision,
    kind: record.kind,
    value: recordValue(record),
    size: record.size,
    version: record.version,
    createRevision: record.createRevision,
    lease: record.lease,
    recordedAt: record.recordedAt,
    baseline: record.observedAt !== undefined,
    truncated: record.truncated === true,
  };
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? defaultLimit;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`limit must be a whole number of at least 1, got ${value}`);
  }
  return value;
}
