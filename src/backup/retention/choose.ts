// Chooses which backups a retention policy keeps, as restic's `forget` does: pure, no I/O.
import { type BucketKind, bucketOf } from './buckets.js';
import { formatRetentionPolicy, type RetentionPolicy } from './policy.js';

/**
 * A backup as retention sees it.
 *
 * @example
 * const backup: DatedBackup = { id: '20261122T100000Z-r4711', time: new Date('2026-11-22T10:00:00Z') };
 */
export interface DatedBackup {
  readonly id: string;
  readonly time: Date;
}

/**
 * A backup the policy does not keep, and why, in words for the user.
 *
 * @example
 * const removal: BackupRemoval = { id: 'b1', reason: 'kept by no rule of keep-daily=7' };
 */
export interface BackupRemoval {
  readonly id: string;
  readonly reason: string;
}

/**
 * What a policy does to a list of backups: `keep` and `remove` hold every id once, newest first.
 *
 * @example
 * const { keep, remove } = chooseBackupsToKeep(backups, policy, new Date());
 */
export interface RetentionDecision {
  readonly keep: string[];
  readonly remove: BackupRemoval[];
}

const dayMs = 86_400_000;

const bucketRules: readonly { field: keyof RetentionPolicy; kind: BucketKind }[] = [
  { field: 'keepHourly', kind: 'hour' },
  { field: 'keepDaily', kind: 'day' },
  { field: 'keepWeekly', kind: 'week' },
  { field: 'keepMonthly', kind: 'month' },
];

/**
 * Applies `policy` (see `RetentionPolicy`) to `backups`: `keepLast` keeps the N newest; each
 * bucket rule keeps the newest backup of each of the N most recent UTC hours, days, ISO weeks or
 * months that have one; a backup any rule keeps is kept (every backup, when no `keep*` rule is on);
 * `maxAgeDays` then removes kept backups older than `now` less that many days. The newest backup
 * is never removed. Backups of equal time are ordered by id, so the result does not depend on the
 * input order. A list with a repeated id or an invalid date is a `TypeError`.
 *
 * @example
 * const { keep, remove } = chooseBackupsToKeep(
 *   [
 *     { id: 'a', time: new Date('2026-11-22T10:00Z') },
 *     { id: 'b', time: new Date('2026-11-22T04:00Z') },
 *     { id: 'c', time: new Date('2026-11-21T10:00Z') },
 *   ],
 *   { keepDaily: 7 },
 *   new Date('2026-11-22T12:00Z'),
 * );
 * // keep: ['a', 'c']; remove: [{ id: 'b', reason: 'kept by no rule of keep-daily=7' }]
 */
export function chooseBackupsToKeep(
  backups: readonly DatedBackup[],
  policy: RetentionPolicy,
  now: Date,
): RetentionDecision {
  checkInput(backups, policy, now);
  const newestFirst = [...backups].sort(
    (a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const kept = new Set<string>();
  const keepLast = policy.keepLast ?? 0;
  const activeBuckets = bucketRules.filter((rule) => (policy[rule.field] ?? 0) > 0);
  if (keepLast === 0 && activeBuckets.length === 0) {
    for (const backup of newestFirst) kept.add(backup.id);
  }
  for (const backup of newestFirst.slice(0, keepLast)) kept.add(backup.id);
  for (const rule of activeBuckets) {
    let left = policy[rule.field] ?? 0;
    let lastBucket: string | undefined;
    // Newest first, so the first backup seen in a bucket is that bucket's newest.
    for (const backup of newestFirst) {
      if (left === 0) break;
      const bucket = bucketOf(rule.kind, backup.time);
      if (bucket === lastBucket) continue;
      lastBucket = bucket;
      kept.add(backup.id);
      left--;
    }
  }

  const keep: string[] = [];
  const remove: BackupRemoval[] = [];
  const cutoff = policy.maxAgeDays === undefined ? undefined : now.getTime() - policy.maxAgeDays * dayMs;
  const rulesText = formatRetentionPolicy({ ...policy, maxAgeDays: undefined });
  newestFirst.forEach((backup, index) => {
    if (index === 0) {
      keep.push(backup.id);
    } else if (!kept.has(backup.id)) {
      remove.push({ id: backup.id, reason: `kept by no rule of ${rulesText}` });
    } else if (cutoff !== undefined && backup.time.getTime() < cutoff) {
      remove.push({
        id: backup.id,
        reason: `older than max-age-days=${policy.maxAgeDays} (taken ${backup.time.toISOString()})`,
      });
    } else {
      keep.push(backup.id);
    }
  });
  return { keep, remove };
}

function checkInput(backups: readonly DatedBackup[], policy: RetentionPolicy, now: Date): void {
  if (Number.isNaN(now.getTime())) throw new TypeError('now is an invalid date');
  for (const [field, value] of Object.entries(policy)) {
    if (value === undefined) continue;
    const min = field === 'maxAgeDays' ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < min) {
      throw new TypeError(`retention policy ${field} must be a whole number, ${min} or more; got ${value}`);
    }
  }
  const ids = new Set<string>();
  for (const backup of backups) {
    if (ids.has(backup.id)) throw new TypeError(`backup ${backup.id} appears twice in the list`);
    ids.add(backup.id);
    if (Number.isNaN(backup.time.getTime())) throw new TypeError(`backup ${backup.id} has an invalid date`);
  }
}
