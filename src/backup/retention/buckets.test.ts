// UTC buckets: hours, days and months by the UTC clock whatever the offset written, and ISO weeks
// across year ends, checked against a day-by-day count.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bucketOf, isoWeekOf } from './buckets.js';

describe('bucketOf', () => {
  test.each([
    ['hour', '2026-11-22T10:59:59.999Z', '2026-11-22T10'],
    ['hour', '2026-11-22T23:30:00-02:00', '2026-11-23T01'],
    ['day', '2026-11-22T23:30:00-02:00', '2026-11-23'],
    ['day', '2026-11-23T00:30:00+02:00', '2026-11-22'],
    ['month', '2026-12-31T23:59:59Z', '2026-12'],
    ['month', '2027-01-01T00:00:00Z', '2027-01'],
    ['week', '2026-11-22T12:00:00Z', '2026-W47'], // a Sunday: the end of its week
    ['week', '2026-11-23T00:00:00Z', '2026-W48'], // the Monday after
    ['week', '2026-01-01T00:00:00Z', '2026-W01'], // a Thursday
    ['week', '2027-01-01T00:00:00Z', '2026-W53'], // a Friday: the previous year's last week
    ['week', '2024-12-30T00:00:00Z', '2025-W01'], // a Monday: next year's first week
    ['week', '2021-01-03T23:59:59Z', '2020-W53'],
  ] as const)('%s of %s is %s', (kind, time, bucket) => {
    expect(bucketOf(kind, new Date(time))).toBe(bucket);
  });
});

describe('isoWeekOf', () => {
  test('counts one more week every Monday and starts week 1 in the week of the first Thursday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1971, max: 2400 }), (year) => {
        // Walk from 1 January: the week number changes exactly on Mondays.
        let previous = isoWeekOf(new Date(Date.UTC(year, 0, 1)));
        for (let day = 1; day < 366; day++) {
          const date = new Date(Date.UTC(year, 0, 1 + day));
          const current = isoWeekOf(date);
          if (date.getUTCDay() === 1) {
            const restarted = current.week === 1 && current.year === previous.year + 1;
            expect(restarted || (current.week === previous.week + 1 && current.year === previous.year)).toBe(
              true,
            );
          } else {
            expect(current).toEqual(previous);
          }
          previous = current;
        }
        // Week 1 holds 4 January; the week of 28 December is the year's last (52 or 53).
        expect(isoWeekOf(new Date(Date.UTC(year, 0, 4)))).toEqual({ year, week: 1 });
        expect([52, 53]).toContain(isoWeekOf(new Date(Date.UTC(year, 11, 28))).week);
      }),
      { numRuns: 60 },
    );
  });
});
