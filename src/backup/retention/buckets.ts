// The time buckets retention counts in: UTC hours, days, ISO weeks and months.

/**
 * A kind of time bucket a `keep*` rule keeps one backup of.
 *
 * @example
 * bucketOf('day', new Date('2026-11-22T23:30:00-02:00')); // '2026-11-23'
 */
export type BucketKind = 'hour' | 'day' | 'week' | 'month';

/**
 * The UTC bucket `time` falls in, as a name that sorts in time order within one kind:
 * `2026-11-22T10` (hour), `2026-11-22` (day), `2026-W47` (ISO week), `2026-11` (month).
 *
 * @example
 * bucketOf('week', new Date('2027-01-01T12:00:00Z')); // '2026-W53': ISO weeks start on Monday
 */
export function bucketOf(kind: BucketKind, time: Date): string {
  const iso = time.toISOString();
  switch (kind) {
    case 'hour':
      return iso.slice(0, 13);
    case 'day':
      return iso.slice(0, 10);
    case 'month':
      return iso.slice(0, 7);
    case 'week': {
      const { year, week } = isoWeekOf(time);
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
  }
}

const dayMs = 86_400_000;

/**
 * The ISO 8601 week (UTC) of `time`: weeks start on Monday, and week 1 is the one holding the
 * year's first Thursday, so the first days of January may belong to the previous year's last week.
 *
 * @example
 * isoWeekOf(new Date('2026-12-31T00:00:00Z')); // { year: 2026, week: 53 }
 */
export function isoWeekOf(time: Date): { year: number; week: number } {
  const midnight = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate());
  const weekday = (time.getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  const thursday = new Date(midnight + (3 - weekday) * dayMs);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * dayMs));
  return { year, week };
}
