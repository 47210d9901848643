// Writes history records to etcd: each record only if it is not there yet (so racing recorders write
// it once), batched within etcd's transaction limits, with the recorder's position in the same
// transaction, fenced on the position's mod_revision.
import { CompareResult, CompareTarget, type ICompare, type IRequestOp } from 'etcd3';
import type { EtcdClient } from '../../etcd/index.js';
import { toRevision } from '../../etcd/index.js';
import { HISTORY_POSITION_KEY, historyGapPath } from '../../keyspace/index.js';
import {
  encodeHistoryGap,
  encodeHistoryPosition,
  type HistoryGap,
  type HistoryPosition,
  parseHistoryPosition,
} from './position.js';
import { encodeHistoryRecord, type HistoryRecord, recordPath } from './records.js';

/**
 * Most operations one transaction carries (etcd refuses more than 128 by default). A record costs
 * two (its existence check and its put, in a nested transaction), the position and a gap marker one each.
 */
export const MAX_OPS_PER_TXN = 100;

/** Most bytes of records one transaction carries (etcd refuses requests over 1.5 MiB by default). */
export const MAX_BYTES_PER_TXN = 1024 * 1024;

const OPS_PER_RECORD = 2;
/** Room kept in every transaction for the position and a gap marker. */
const RESERVED_OPS = 2;

/** Tries of a fenced commit before giving up on a position other writers keep moving. */
const MAX_COMMIT_ATTEMPTS = 50;

/**
 * A record with its stored form, so its size is known before it is sent.
 *
 * @example
 * const encoded = encodeForCommit(record);
 */
export interface EncodedRecord {
  readonly record: HistoryRecord;
  readonly path: string;
  readonly json: string;
}

/**
 * The recorder's position as last read or written, with the position key's mod_revision (0: none).
 *
 * @example
 * const { position, modRevision } = await readHistoryPosition(client);
 */
export interface StoredPosition {
  readonly position: HistoryPosition | undefined;
  readonly modRevision: number;
}

/**
 * Pairs a record with its etcd key and JSON.
 *
 * @example
 * pending.push(encodeForCommit(recordOfEvent(event, new Date())));
 */
export function encodeForCommit(record: HistoryRecord): EncodedRecord {
  return { record, path: recordPath(record), json: encodeHistoryRecord(record) };
}

/**
 * Splits records, in order, into transactions that fit `MAX_OPS_PER_TXN` and `MAX_BYTES_PER_TXN`;
 * a record larger than the byte budget travels alone.
 *
 * @example
 * chunkRecords(records).length; // 3 for 120 small records
 */
export function chunkRecords(
  records: readonly EncodedRecord[],
  limits: { maxOps: number; maxBytes: number } = { maxOps: MAX_OPS_PER_TXN, maxBytes: MAX_BYTES_PER_TXN },
): EncodedRecord[][] {
  const perTxn = Math.floor((limits.maxOps - RESERVED_OPS) / OPS_PER_RECORD);
  if (perTxn < 1) throw new TypeError(`maxOps must leave room for a record, got ${limits.maxOps}`);
  const chunks: EncodedRecord[][] = [];
  let current: EncodedRecord[] = [];
  let bytes = 0;
  for (const entry of records) {
    const size = Buffer.byteLength(entry.path) + Buffer.byteLength(entry.json);
    if (current.length > 0 && (current.length >= perTxn || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Reads the recorder's position.
 *
 * @example
 * const stored = await readHistoryPosition(client); // { position: undefined, modRevision: 0 } at first
 */
export async function readHistoryPosition(client: EtcdClient): Promise<StoredPosition> {
  const response = await client.etcd.kv.range({ key: Buffer.from(HISTORY_POSITION_KEY) });
  const kv = response.kvs[0];
  if (kv === undefined) return { position: undefined, modRevision: 0 };
  return {
    position: parseHistoryPosition(HISTORY_POSITION_KEY, kv.value),
    modRevision: toRevision(kv.mod_revision),
  };
}

/**
 * Writes records not fenced by the position (a baseline's first transactions): each only if absent.
 *
 * @example
 * await writeRecordsIfAbsent(client, chunk);
 */
export async function writeRecordsIfAbsent(
  client: EtcdClient,
  records: readonly EncodedRecord[],
): Promise<void> {
  if (records.length === 0) return;
  await client.etcd.kv.txn({ compare: [], success: records.map(putIfAbsent), failure: [] });
}

/**
 * What one fenced commit writes: records, the revision the position moves to, and maybe a gap marker.
 *
 * @example
 * await commitRecords(client, stored, { records: chunk, revision: 412, since: 40 });
 */
export interface RecordsCommit {
  readonly records: readonly EncodedRecord[];
  /** Every revision up to this one is recorded once the commit succeeds. */
  readonly revision: number;
  /** The `since` of a position written for the first time. */
  readonly since: number;
  readonly gap?: HistoryGap;
}

/**
 * Writes records (each only if absent) and moves the position to `commit.revision` in one
 * transaction that succeeds only if the position is still the one last seen. When another recorder
 * moved it meanwhile, reads it again: if it already covers `commit.revision` and every record's
 * revision, nothing needs writing (that recorder wrote them),
 * otherwise tries again on top of it. The position never moves backwards. Returns the position now
 * stored.
 *
 * @example
 * stored = await commitRecords(client, stored, { records: chunk, revision: batch.revision, since: stored.position?.since ?? 0 });
 */
export async function commitRecords(
  client: EtcdClient,
  known: StoredPosition,
  commit: RecordsCommit,
): Promise<StoredPosition>;
/**
 * With `{ strict: true }`: gives up (returns undefined) as soon as another writer moved the position,
 * so a recorder that lost a race to start can begin again from the winner's position.
 *
 * @example
 * const stored = await commitRecords(client, { position: undefined, modRevision: 0 }, baseline, { strict: true });
 */
export async function commitRecords(
  client: EtcdClient,
  known: StoredPosition,
  commit: RecordsCommit,
  options: { strict: true },
): Promise<StoredPosition | undefined>;
export async function commitRecords(
  client: EtcdClient,
  known: StoredPosition,
  commit: RecordsCommit,
  options: { strict?: boolean } = {},
): Promise<StoredPosition | undefined> {
  let current = known;
  // A revision may span commits: records up to `newest` are covered only once the position passes them.
  const newest = Math.max(commit.revision, ...commit.records.map((entry) => entry.record.revision));
  for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
    if (current.position !== undefined && current.position.revision >= newest) return current;
    const position: HistoryPosition = {
      revision: Math.max(commit.revision, current.position?.revision ?? 0),
      since: current.position?.since ?? commit.since,
      updatedAt: new Date().toISOString(),
    };
    const success = commit.records.map(putIfAbsent);
    if (commit.gap !== undefined) {
      success.push(
        putIfAbsentOp(historyGapPath(commit.gap.from, commit.gap.to), encodeHistoryGap(commit.gap)),
      );
    }
    success.push({
      request_put: {
        key: Buffer.from(HISTORY_POSITION_KEY),
        value: Buffer.from(encodeHistoryPosition(position)),
      },
    });
    const result = await client.etcd.kv.txn({
      compare: [modRevisionIs(HISTORY_POSITION_KEY, current.modRevision)],
      success,
      failure: [],
    });
    if (result.succeeded) return { position, modRevision: toRevision(result.header.revision) };
    if (options.strict === true) return undefined;
    current = await readHistoryPosition(client);
  }
  throw new Error(
    `cannot move the history position to revision ${commit.revision}: other writers changed ` +
      `'${HISTORY_POSITION_KEY}' ${MAX_COMMIT_ATTEMPTS} times in a row; is something else writing it?`,
  );
}

function putIfAbsent(entry: EncodedRecord): IRequestOp {
  return putIfAbsentOp(entry.path, entry.json);
}

/** A nested transaction: put `key` only if it does not exist, so a record is written once. */
function putIfAbsentOp(key: string, value: string): IRequestOp {
  const keyBytes = Buffer.from(key, 'utf8');
  return {
    request_txn: {
      compare: [{ key: keyBytes, target: CompareTarget.Version, result: CompareResult.Equal, version: 0 }],
      success: [{ request_put: { key: keyBytes, value: Buffer.from(value, 'utf8') } }],
      failure: [],
    },
  };
}

function modRevisionIs(key: string, modRevision: number): ICompare {
  return {
    key: Buffer.from(key, 'utf8'),
    target: CompareTarget.Mod,
    result: CompareResult.Equal,
    mod_revision: modRevision,
  };
}
