// chooseBackupsToKeep: restic's `forget` rules on examples, and as properties over random backup
// lists and policies: every id decided once, the newest never removed, each bucket rule equal to a
// plain group-by model, rules combined as a union, max-age-days, order independence, idempotence.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type BucketKind, bucketOf } from './buckets.js';
import { chooseBackupsToKeep, type DatedBackup } from './choose.js';
import type { RetentionPolicy } from './policy.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Two backups a day (10:00 and 22:00 UTC) from 1 October to Sunday 22 November 2026. */
function twiceDaily(): DatedBackup[] {
  const backups: DatedBackup[] = [];
  for (let time = Date.UTC(2026, 9, 1, 10); time <= Date.UTC(2026, 10, 22, 22); time += 12 * hourMs) {
    const date = new Date(time);
    backups.push({ id: date.toISOString().slice(0, 13), time: date });
  }
  return backups;
}

describe('chooseBackupsToKeep on examples', () => {
  const now = new Date('2026-11-22T23:00:00Z');

  test('keeps the newest of each of the last days, weeks and months that have a backup', () => {
    const { keep, remove } = chooseBackupsToKeep(
      twiceDaily(),
      { keepDaily: 3, keepWeekly: 2, keepMonthly: 2 },
      now,
    );
    expect(keep).toEqual([
      '2026-11-22T22', // day, ISO week 47 and November
      '2026-11-21T22',
      '2026-11-20T22',
      '2026-11-15T22', // Sunday: the newest of ISO week 46
      '2026-10-31T22', // October
    ]);
    expect(remove).toHaveLength(twiceDaily().length - 5);
    expect(remove[0]).toEqual({
      id: '2026-11-22T10',
      reason: 'kept by no rule of keep-daily=3 keep-weekly=2 keep-monthly=2',
    });
  });

  test('max-age-days removes what the rules keep once it is older', () => {
    const policy = { keepDaily: 3, keepWeekly: 2, keepMonthly: 2, maxAgeDays: 20 };
    const { keep, remove } = chooseBackupsToKeep(twiceDaily(), policy, now);
    expect(keep).toEqual(['2026-11-22T22', '2026-11-21T22', '2026-11-20T22', '2026-11-15T22']);
    expect(remove).toContainEqual({
      id: '2026-10-31T22',
      reason: 'older than max-age-days=20 (taken 2026-10-31T22:00:00.000Z)',
    });
  });

  test('keep-last keeps the newest N, and buckets count only periods that have a backup', () => {
    const backups = [
      { id: 'jan', time: new Date('2026-01-15T00:00:00Z') },
      { id: 'jun', time: new Date('2026-06-15T00:00:00Z') },
      { id: 'nov-a', time: new Date('2026-11-01T00:00:00Z') },
      { id: 'nov-b', time: new Date('2026-11-02T00:00:00Z') },
    ];
    expect(chooseBackupsToKeep(backups, { keepLast: 2 }, now).keep).toEqual(['nov-b', 'nov-a']);
    // The months without a backup do not count: 3 months reach back to January.
    expect(chooseBackupsToKeep(backups, { keepMonthly: 3 }, now).keep).toEqual(['nov-b', 'jun', 'jan']);
  });

  test('the newest backup stays even when it is older than max-age-days', () => {
    const backups = [
      { id: 'old', time: new Date('2020-01-01T00:00:00Z') },
      { id: 'older', time: new Date('2019-01-01T00:00:00Z') },
    ];
    const { keep, remove } = chooseBackupsToKeep(backups, { maxAgeDays: 30 }, now);
    expect(keep).toEqual(['old']);
    expect(remove.map((r) => r.id)).toEqual(['older']);
  });

  test('buckets are UTC: 23:30 at -02:00 is the next day', () => {
    const backups = [
      { id: 'late', time: new Date('2026-11-21T23:30:00-02:00') },
      { id: 'early', time: new Date('2026-11-22T00:45:00Z') },
    ];
    expect(chooseBackupsToKeep(backups, { keepDaily: 1 }, now).keep).toEqual(['late']);
  });

  test('backups of equal time are ordered by id', () => {
    const time = new Date('2026-11-22T10:00:00Z');
    const backups = [
      { id: 'b', time },
      { id: 'a', time },
    ];
    expect(chooseBackupsToKeep(backups, { keepLast: 1 }, now)).toEqual({
      keep: ['a'],
      remove: [{ id: 'b', reason: 'kept by no rule of keep-last=1' }],
    });
  });

  test('an empty list keeps nothing and removes nothing', () => {
    expect(chooseBackupsToKeep([], { keepDaily: 7 }, now)).toEqual({ keep: [], remove: [] });
  });

  test.each([
    [
      [
        { id: 'a', time: now },
        { id: 'a', time: now },
      ],
      { keepLast: 1 },
      now,
      /backup a appears twice/,
    ],
    [[{ id: 'a', time: new Date('nope') }], { keepLast: 1 }, now, /backup a has an invalid date/],
    [[], { keepDaily: -1 }, now, /keepDaily must be a whole number, 0 or more/],
    [[], { maxAgeDays: 0 }, now, /maxAgeDays must be a whole number, 1 or more/],
    [[], { keepLast: 1.5 }, now, /keepLast/],
    [[], { keepLast: 1 }, new Date(Number.NaN), /now is an invalid date/],
  ] as [DatedBackup[], RetentionPolicy, Date, RegExp][])(
    'refuses misuse: %#',
    (backups, policy, at, message) => {
      expect(() => chooseBackupsToKeep(backups, policy, at)).toThrow(TypeError);
      expect(() => chooseBackupsToKeep(backups, policy, at)).toThrow(message);
    },
  );
});

// Random backups: spread over a few years, or packed into a few days so buckets collide.
const base = Date.UTC(2024, 0, 1);
const timesIn = (spanMs: number) => fc.integer({ min: base, max: base + spanMs });
const backupLists = fc
  .constantFrom(3 * 365 * dayMs, 90 * dayMs, 4 * dayMs)
  .chain((spanMs) => fc.array(timesIn(spanMs), { maxLength: 60 }))
  .map((times) => times.map((time, index) => ({ id: `b${index}`, time: new Date(time) })));

const count = fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined });
const keepPolicies = fc.record({
  keepLast: count,
  keepHourly: count,
  keepDaily: count,
  keepWeekly: count,
  keepMonthly: count,
});
const policies = fc.record({
  keep: keepPolicies,
  maxAgeDays: fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined }),
});
const nows = fc.integer({ min: base, max: base + 4 * 365 * dayMs }).map((time) => new Date(time));

const newestFirst = (backups: readonly DatedBackup[]) =>
  [...backups].sort((a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? -1 : 1));

/** The bucket rule written the plain way: group by bucket, newest per group, N newest groups. */
function modelBucketRule(backups: readonly DatedBackup[], kind: BucketKind, n: number): Set<string> {
  const newestOfBucket = new Map<string, DatedBackup>();
  for (const backup of newestFirst(backups)) {
    const bucket = bucketOf(kind, backup.time);
    if (!newestOfBucket.has(bucket)) newestOfBucket.set(bucket, backup);
  }
  const latestBuckets = [...newestOfBucket.keys()].sort().reverse().slice(0, n);
  return new Set(latestBuckets.map((bucket) => newestOfBucket.get(bucket)!.id));
}

const bucketFields = [
  ['keepHourly', 'hour'],
  ['keepDaily', 'day'],
  ['keepWeekly', 'week'],
  ['keepMonthly', 'month'],
] as const;

describe('chooseBackupsToKeep as properties', () => {
  test('decides every backup once, keep and remove both newest first', () => {
    fc.assert(
      fc.property(backupLists, policies, nows, (backups, { keep: rules, maxAgeDays }, now) => {
        const decision = chooseBackupsToKeep(backups, { ...rules, maxAgeDays }, now);
        const decided = [...decision.keep, ...decision.remove.map((r) => r.id)];
        expect(decided.sort()).toEqual(backups.map((b) => b.id).sort());
        const order = newestFirst(backups).map((b) => b.id);
        const inOrder = (ids: string[]) =>
          ids.every((id, i) => i === 0 || order.indexOf(ids[i - 1]!) < order.indexOf(id));
        expect(inOrder(decision.keep)).toBe(true);
        expect(inOrder(decision.remove.map((r) => r.id))).toBe(true);
      }),
    );
  });

  test('never removes the newest backup', () => {
    fc.assert(
      fc.property(backupLists, policies, nows, (backups, { keep: rules, maxAgeDays }, now) => {
        fc.pre(backups.length > 0);
        const { keep } = chooseBackupsToKeep(backups, { ...rules, maxAgeDays }, now);
        expect(keep[0]).toBe(newestFirst(backups)[0]!.id);
      }),
    );
  });

  test('keep-last alone keeps exactly the N newest', () => {
    fc.assert(
      fc.property(backupLists, fc.integer({ min: 1, max: 70 }), nows, (backups, n, now) => {
        const { keep } = chooseBackupsToKeep(backups, { keepLast: n }, now);
        expect(keep).toEqual(
          newestFirst(backups)
            .slice(0, n)
            .map((b) => b.id),
        );
      }),
    );
  });

  test.each(bucketFields)(
    '%s alone keeps the newest of each of the N latest %s buckets that have one',
    (field, kind) => {
      fc.assert(
        fc.property(backupLists, fc.integer({ min: 1, max: 15 }), nows, (backups, n, now) => {
          const { keep } = chooseBackupsToKeep(backups, { [field]: n }, now);
          expect(new Set(keep)).toEqual(modelBucketRule(backups, kind, n));
        }),
      );
    },
  );

  test('rules combine as a union: a backup any rule keeps is kept', () => {
    fc.assert(
      fc.property(backupLists, keepPolicies, nows, (backups, rules, now) => {
        const single = Object.entries(rules).filter(([, n]) => n !== undefined && n > 0);
        fc.pre(single.length > 0);
        const union = new Set(
          single.flatMap(([field, n]) => chooseBackupsToKeep(backups, { [field]: n }, now).keep),
        );
        expect(new Set(chooseBackupsToKeep(backups, rules, now).keep)).toEqual(union);
      }),
    );
  });

  test('with no keep rule every backup is kept, max-age-days aside', () => {
    fc.assert(
      fc.property(backupLists, nows, (backups, now) => {
        const zeros = { keepLast: 0, keepHourly: 0, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 };
        expect(chooseBackupsToKeep(backups, zeros, now).remove).toEqual([]);
        expect(chooseBackupsToKeep(backups, {}, now).keep).toHaveLength(backups.length);
      }),
    );
  });

  test('max-age-days removes exactly the kept backups older than it, except the newest', () => {
    fc.assert(
      fc.property(
        backupLists,
        keepPolicies,
        fc.integer({ min: 1, max: 800 }),
        nows,
        (backups, rules, days, now) => {
          fc.pre(backups.length > 0);
          const withoutAge = chooseBackupsToKeep(backups, rules, now).keep;
          const withAge = chooseBackupsToKeep(backups, { ...rules, maxAgeDays: days }, now);
          const time = new Map(backups.map((b) => [b.id, b.time.getTime()]));
          const cutoff = now.getTime() - days * dayMs;
          const expected = withoutAge.filter((id, index) => index === 0 || time.get(id)! >= cutoff);
          expect(withAge.keep).toEqual(expected);
          for (const removal of withAge.remove) {
            if (withoutAge.includes(removal.id)) expect(removal.reason).toMatch(/^older than max-age-days=/);
            else expect(removal.reason).toMatch(/^kept by no rule of /);
          }
        },
      ),
    );
  });

  test('does not depend on the order of the list', () => {
    fc.assert(
      fc.property(
        backupLists,
        policies,
        nows,
        fc.integer(),
        (backups, { keep: rules, maxAgeDays }, now, seed) => {
          const shuffled = [...backups].sort((a, b) => (hash(a.id, seed) - hash(b.id, seed)) | 0 || 0);
          const policy = { ...rules, maxAgeDays };
          expect(chooseBackupsToKeep(shuffled, policy, now)).toEqual(
            chooseBackupsToKeep(backups, policy, now),
          );
        },
      ),
    );
  });

  test('is idempotent: pruning again with the same policy removes nothing more', () => {
    fc.assert(
      fc.property(backupLists, policies, nows, (backups, { keep: rules, maxAgeDays }, now) => {
        const policy = { ...rules, maxAgeDays };
        const kept = new Set(chooseBackupsToKeep(backups, policy, now).keep);
        const again = chooseBackupsToKeep(
          backups.filter((b) => kept.has(b.id)),
          policy,
          now,
        );
        expect(again.remove).toEqual([]);
      }),
    );
  });

  test('a larger count never keeps less', () => {
    fc.assert(
      fc.property(
        backupLists,
        keepPolicies,
        fc.constantFrom('keepLast', 'keepHourly', 'keepDaily', 'keepWeekly', 'keepMonthly'),
        fc.integer({ min: 1, max: 5 }),
        nows,
        (backups, rules, field, more, now) => {
          const larger = { ...rules, [field]: (rules[field] ?? 0) + more };
          const before = chooseBackupsToKeep(backups, rules, now).keep;
          const after = new Set(chooseBackupsToKeep(backups, larger, now).keep);
          // With no rule at all every backup is kept; a first rule may then keep fewer.
          fc.pre(Object.values(rules).some((n) => n !== undefined && n > 0));
          for (const id of before) expect(after.has(id)).toBe(true);
        },
      ),
    );
  });
});

function hash(text: string, seed: number): number {
  let h = seed;
  for (const char of text) h = Math.imul(h ^ char.charCodeAt(0), 0x9e3779b1);
  return h;
}
