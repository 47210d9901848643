// The recorder's position and gap markers: how far history is recorded, and which revisions were lost.
import { HISTORY_GAPS_PREFIX } from '../../keyspace/index.js';
import { HistoryRecordError } from './errors.js';
import { parseObject } from './records.js';

/**
 * The recorder's position, stored at `_setpoint/history-position`: every revision up to `revision`
 * is recorded (or lost, as a gap marker says).
 *
 * @example
 * const position: HistoryPosition = { revision: 412, since: 40, updatedAt: '2026-11-22T10:00:00.000Z' };
 */
export interface HistoryPosition {
  readonly revision: number;
  /** The revision of the snapshot recording started from: before it, only baseline values are known. */
  readonly since: number;
  readonly updatedAt: string;
}

/**
 * A marker of lost history, stored at `_setpoint/history-gaps/<from>-<to>`: etcd compacted the
 * changes between `from` and `to` (both included) before the recorder saw them. The values keys
 * held at `to` are recorded (as baseline records); the changes before them are not.
 *
 * @example
 * const gap: HistoryGap = { from: 101, to: 250, compactRevision: 240, detectedAt: '2026-11-22T10:00:00.000Z' };
 */
export interface HistoryGap {
  readonly from: number;
  readonly to: number;
  /** etcd's compaction revision when the gap was found, when known. */
  readonly compactRevision?: number;
  readonly detectedAt: string;
}

/**
 * The position as stored.
 *
 * @example
 * putOp(HISTORY_POSITION_KEY, encodeHistoryPosition(position));
 */
export function encodeHistoryPosition(position: HistoryPosition): string {
  return JSON.stringify(position);
}

/**
 * Parses the stored position.
 *
 * @example
 * const position = parseHistoryPosition(kv.key, kv.value);
 */
export function parseHistoryPosition(etcdKey: string, stored: Buffer): HistoryPosition {
  const record = parseObject(etcdKey, stored);
  for (const field of ['revision', 'since'] as const) {
    if (!isRevision(record[field])) {
      throw new HistoryRecordError(etcdKey, `its field '${field}' is missing or not a revision`);
    }
  }
  if (typeof record.updatedAt !== 'string') {
    throw new HistoryRecordError(etcdKey, "its field 'updatedAt' is missing or not a string");
  }
  return record as unknown as HistoryPosition;
}

/**
 * The gap marker as stored.
 *
 * @example
 * putOp(historyGapPath(gap.from, gap.to), encodeHistoryGap(gap));
 */
export function encodeHistoryGap(gap: HistoryGap): string {
  return JSON.stringify(gap);
}

/**
 * Parses a stored gap marker.
 *
 * @example
 * const gap = parseHistoryGap(kv.key, kv.value); // { from: 101, to: 250, ... }
 */
export function parseHistoryGap(etcdKey: string, stored: Buffer): HistoryGap {
  if (!etcdKey.startsWith(HISTORY_GAPS_PREFIX)) {
    throw new HistoryRecordError(etcdKey, `it is not under ${HISTORY_GAPS_PREFIX}`);
  }
  const record = parseObject(etcdKey, stored);
  if (!isRevision(record.from) || !isRevision(record.to) || record.from > record.to) {
    throw new HistoryRecordError(
      etcdKey,
      "its fields 'from' and 'to' are not an ascending pair of revisions",
    );
  }
  if (typeof record.detectedAt !== 'string') {
    throw new HistoryRecordError(etcdKey, "its field 'detectedAt' is missing or not a string");
  }
  return record as unknown as HistoryGap;
}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
