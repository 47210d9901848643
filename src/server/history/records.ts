// The history record codec: one change of one key as the JSON kept at `_setpoint/history/<key>@<revision>`.
import type { KeyValue, WatchEvent } from '../../etcd/index.js';
import { HISTORY_PREFIX, historyRecordPath } from '../../keyspace/index.js';
import { HistoryRecordError } from './errors.js';

/**
 * One change of one key, as the recorder stores it. Values are copied byte for byte (base64): a
 * sealed value stays sealed.
 *
 * @example
 * const record: HistoryRecord = { key: 'hack/port', revision: 42, createRevision: 40, version: 2,
 *   lease: '0', kind: 'put', value: 'NTAwMA==', recordedAt: '2026-11-22T10:00:00.000Z', size: 4 };
 */
export interface HistoryRecord {
  /** The key that changed. */
  readonly key: string;
  /** The revision of the change (the key's mod_revision). */
  readonly revision: number;
  /** The key's create_revision; 0 for a delete. */
  readonly createRevision: number;
  /** The key's version after the change; 0 for a delete. */
  readonly version: number;
  /** The key's lease id as a decimal string, "0" for none. */
  readonly lease: string;
  readonly kind: 'put' | 'delete';
  /** The value's bytes in base64; absent for a delete and for a value too large to keep. */
  readonly value?: string;
  /** ISO 8601 time the recorder wrote the record. */
  readonly recordedAt: string;
  /** The value's length in bytes. */
  readonly size: number;
  /**
   * Set on a baseline record, read from a snapshot rather than a watch event: the revision of that
   * snapshot, up to which the value is known to have stayed unchanged.
   */
  readonly observedAt?: number;
  /** Set when the value was larger than `MAX_RECORDED_VALUE_BYTES`; the record then has no value. */
  readonly truncated?: true;
}

/**
 * The largest value a record keeps (768 KiB, 1 MiB in base64), so a record fits etcd's default
 * request limit (1.5 MiB); a larger value is recorded with its size only (`truncated`).
 *
 * @example
 * if (value.length > MAX_RECORDED_VALUE_BYTES) console.warn('recorded without its value');
 */
export const MAX_RECORDED_VALUE_BYTES = 768 * 1024;

const REVISION_SUFFIX = /^[0-9]{20}$/;

/**
 * The record of one watch event.
 *
 * @example
 * const record = recordOfEvent(event, new Date());
 */
export function recordOfEvent(event: WatchEvent, recordedAt: Date): HistoryRecord {
  if (event.type === 'delete') {
    return {
      key: event.kv.key,
      revision: event.kv.modRevision,
      createRevision: 0,
      version: 0,
      lease: '0',
      kind: 'delete',
      recordedAt: recordedAt.toISOString(),
      size: 0,
    };
  }
  return putRecord(event.kv, recordedAt);
}

/**
 * The baseline record of a key's current value read from a snapshot taken at `observedAt`.
 *
 * @example
 * const record = recordOfSnapshotValue(kv, snapshot.revision, new Date());
 */
export function recordOfSnapshotValue(kv: KeyValue, observedAt: number, recordedAt: Date): HistoryRecord {
  return { ...putRecord(kv, recordedAt), observedAt };
}

function putRecord(kv: KeyValue, recordedAt: Date): HistoryRecord {
  const tooLarge = kv.value.length > MAX_RECORDED_VALUE_BYTES;
  return {
    key: kv.key,
    revision: kv.modRevision,
    createRevision: kv.createRevision,
    version: kv.version,
    lease: kv.lease,
    kind: 'put',
    ...(tooLarge ? { truncated: true as const } : { value: kv.value.toString('base64') }),
    recordedAt: recordedAt.toISOString(),
    size: kv.value.length,
  };
}

/**
 * The etcd key a record is stored at.
 *
 * @example
 * recordPath(record); // '_setpoint/history/hack/port@00000000000000000042'
 */
export function recordPath(record: HistoryRecord): string {
  return historyRecordPath(record.key, record.revision);
}

/**
 * The record as stored (JSON).
 *
 * @example
 * await etcd.put(recordPath(record)).value(encodeHistoryRecord(record));
 */
export function encodeHistoryRecord(record: HistoryRecord): string {
  return JSON.stringify(record);
}

/**
 * Which key and revision an etcd key under `_setpoint/history/` records; undefined for anything
 * else. A key may itself hold `@`: the revision is what follows the last one.
 *
 * @example
 * parseRecordPath('_setpoint/history/a@b@00000000000000000007'); // { key: 'a@b', revision: 7 }
 */
export function parseRecordPath(etcdKey: string): { key: string; revision: number } | undefined {
  if (!etcdKey.startsWith(HISTORY_PREFIX)) return undefined;
  const at = etcdKey.lastIndexOf('@');
  if (at <= HISTORY_PREFIX.length) return undefined;
  const suffix = etcdKey.slice(at + 1);
  if (!REVISION_SUFFIX.test(suffix)) return undefined;
  const revision = Number(suffix);
  if (!Number.isSafeInteger(revision)) return undefined;
  return { key: etcdKey.slice(HISTORY_PREFIX.length, at), revision };
}

/**
 * Parses a record read from etcd, checking it is what the recorder writes and that it belongs to
 * the etcd key it was read from.
 *
 * @example
 * const record = parseHistoryRecord(kv.key, kv.value);
 */
export function parseHistoryRecord(etcdKey: string, stored: Buffer): HistoryRecord {
  const record = parseObject(etcdKey, stored);
  for (const field of ['key', 'lease', 'recordedAt'] as const) {
    if (typeof record[field] !== 'string') {
      throw new HistoryRecordError(etcdKey, `its field '${field}' is missing or not a string`);
    }
  }
  for (const field of ['revision', 'createRevision', 'version', 'size'] as const) {
    const n = record[field];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new HistoryRecordError(etcdKey, `its field '${field}' is missing or not a whole number`);
    }
  }
  if (record.kind !== 'put' && record.kind !== 'delete') {
    throw new HistoryRecordError(etcdKey, `its kind '${String(record.kind)}' is not put or delete`);
  }
  if (record.value !== undefined && typeof record.value !== 'string') {
    throw new HistoryRecordError(etcdKey, "its field 'value' is not base64 text");
  }
  if (record.kind === 'put' && record.value === undefined && record.truncated !== true) {
    throw new HistoryRecordError(etcdKey, 'it records a put without a value');
  }
  const where = parseRecordPath(etcdKey);
  if (where !== undefined && (where.key !== record.key || where.revision !== record.revision)) {
    throw new HistoryRecordError(
      etcdKey,
      `it records '${String(record.key)}' at revision ${String(record.revision)}, not the key and revision it is stored under`,
    );
  }
  return record as unknown as HistoryRecord;
}

/**
 * The recorded value's bytes; undefined for a delete or a value too large to keep.
 *
 * @example
 * recordValue(record)?.toString('utf8'); // '5000'
 */
export function recordValue(record: HistoryRecord): Buffer | undefined {
  return record.value === undefined ? undefined : Buffer.from(record.value, 'base64');
}

/**
 * A stored record's JSON object; `HistoryRecordError` naming the etcd key when it is not one.
 *
 * @example
 * const fields = parseObject(kv.key, kv.value);
 */
export function parseObject(etcdKey: string, stored: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored.toString('utf8'));
  } catch (cause) {
    throw new HistoryRecordError(etcdKey, 'it is not JSON', { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new HistoryRecordError(etcdKey, 'it is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}
