// The retention policy of history records: at most N versions per key, none older than D days, but
// never a key's newest record.
import type { IRequestOp } from 'etcd3';
import type { EtcdClient } from '../../etcd/index.js';
import { HISTORY_PREFIX } from '../../keyspace/index.js';
import { parseRecordPath } from './records.js';
import { MAX_OPS_PER_TXN } from './transactions.js';

/**
 * How much history is kept per key.
 *
 * @example
 * const policy: RetentionPolicy = { maxVersionsPerKey: 20, maxAgeDays: 90 };
 */
export interface RetentionPolicy {
  /** Most records kept per key, newest first; default 100. */
  readonly maxVersionsPerKey: number;
  /** Records older than this many days are dropped; default 365. */
  readonly maxAgeDays: number;
}

/**
 * The default policy: 100 versions per key, one year.
 *
 * @example
 * applyHistoryRetention(client, { ...DEFAULT_RETENTION, maxAgeDays: 30 });
 */
export const DEFAULT_RETENTION: RetentionPolicy = { maxVersionsPerKey: 100, maxAgeDays: 365 };

/**
 * What retention needs to know of one record.
 *
 * @example
 * const summary: RecordSummary = { path: '_setpoint/history/a@00000000000000000007', revision: 7, recordedAt: '2026-01-01T00:00:00Z' };
 */
export interface RecordSummary {
  readonly path: string;
  readonly revision: number;
  /** ISO 8601; a record whose time cannot be read is never dropped for its age. */
  readonly recordedAt: string | undefined;
}

/**
 * What a retention pass did.
 *
 * @example
 * const { dropped } = await applyHistoryRetention(client);
 */
export interface RetentionResult {
  /** Keys with history. */
  readonly keys: number;
  /** Records looked at. */
  readonly records: number;
  /** Records deleted. */
  readonly dropped: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Fills in and checks a policy; a policy that makes no sense is a `TypeError`.
 *
 * @example
 * resolveRetentionPolicy({ maxAgeDays: 30 }); // { maxVersionsPerKey: 100, maxAgeDays: 30 }
 */
export function resolveRetentionPolicy(policy: Partial<RetentionPolicy> = {}): RetentionPolicy {
  const resolved = { ...DEFAULT_RETENTION, ...definedFields(policy) };
  if (!Number.isSafeInteger(resolved.maxVersionsPerKey) || resolved.maxVersionsPerKey < 1) {
    throw new TypeError(
      `maxVersionsPerKey must be a whole number of at least 1, got ${resolved.maxVersionsPerKey}`,
    );
  }
  if (
    typeof resolved.maxAgeDays !== 'number' ||
    Number.isNaN(resolved.maxAgeDays) ||
    resolved.maxAgeDays < 0
  ) {
    throw new TypeError(`maxAgeDays must be a number of days, 0 or more, got ${resolved.maxAgeDays}`);
  }
  return resolved;
}

function definedFields(policy: Partial<RetentionPolicy>): Partial<RetentionPolicy> {
  return Object.fromEntries(Object.entries(policy).filter(([, value]) => value !== undefined));
}

/**
 * Which of one key's records the policy drops: all but the newest `maxVersionsPerKey`, and those
 * recorded more than `maxAgeDays` before `now` — never the newest record.
 *
 * @example
 * recordsToDrop(records, { maxVersionsPerKey: 2, maxAgeDays: 365 }, new Date()); // all but the 2 newest
 */
export function recordsToDrop(
  records: readonly RecordSummary[],
  policy: RetentionPolicy,
  now: Date,
): RecordSummary[] {
  const newestFirst = [...records].sort((a, b) => b.revision - a.revision);
  const oldestKept = now.getTime() - policy.maxAgeDays * dayMs;
  return newestFirst.filter((record, index) => {
    if (index === 0) return false;
    if (index >= policy.maxVersionsPerKey) return true;
    const time = record.recordedAt === undefined ? Number.NaN : Date.parse(record.recordedAt);
    return !Number.isNaN(time) && time < oldestKept;
  });
}

/**
 * Applies the policy to every key's history: reads the records (at one revision, page by page),
 * decides per key and deletes in transactions of at most `MAX_OPS_PER_TXN` deletes. Safe beside a
 * running recorder and beside another retention pass.
 *
 * @example
 * const result = await applyHistoryRetention(client, { maxVersionsPerKey: 20 });
 * console.log(`dropped ${result.dropped} of ${result.records} records`);
 */
export async function applyHistoryRetention(
  client: EtcdClient,
  policy: Partial<RetentionPolicy> = {},
  options: { now?: Date } = {},
): Promise<RetentionResult> {
  const resolved = resolveRetentionPolicy(policy);
  const now = options.now ?? new Date();
  const byKey = new Map<string, RecordSummary[]>();
  let records = 0;
  for await (const page of client.snapshotPages(HISTORY_PREFIX, { pageSize: 500 })) {
    for (const kv of page.kvs) {
      const where = parseRecordPath(kv.key);
      if (where === undefined) continue;
      records++;
      const summary: RecordSummary = {
        path: kv.key,
        revision: where.revision,
        recordedAt: recordedAtOf(kv.value),
      };
      const list = byKey.get(where.key);
      if (list === undefined) byKey.set(where.key, [summary]);
      else list.push(summary);
    }
  }
  const drop: string[] = [];
  for (const list of byKey.values()) {
    for (const record of recordsToDrop(list, resolved, now)) drop.push(record.path);
  }
  for (let i = 0; i < drop.length; i += MAX_OPS_PER_TXN) {
    const success: IRequestOp[] = drop
      .slice(i, i + MAX_OPS_PER_TXN)
      .map((path) => ({ request_delete_range: { key: Buffer.from(path, 'utf8') } }));
    await client.etcd.kv.txn({ compare: [], success, failure: [] });
  }
  return { keys: byKey.size, records, dropped: drop.length };
}

function recordedAtOf(stored: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(stored.toString('utf8')) as { recordedAt?: unknown };
    return typeof parsed.recordedAt === 'string' ? parsed.recordedAt : undefined;
  } catch {
    return undefined;
  }
}
