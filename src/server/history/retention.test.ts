import { describe, expect, test } from 'vitest';
import { type RecordSummary, recordsToDrop, resolveRetentionPolicy } from './retention.js';

const now = new Date('2026-11-22T00:00:00.000Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

function records(...ages: (number | undefined)[]): RecordSummary[] {
  // Oldest first: revision 1 is the oldest.
  return ages.map((age, index) => ({
    path: `r${index + 1}`,
    revision: index + 1,
    recordedAt: age === undefined ? undefined : daysAgo(age),
  }));
}

const dropped = (list: RecordSummary[], maxVersionsPerKey: number, maxAgeDays: number) =>
  recordsToDrop(list, { maxVersionsPerKey, maxAgeDays }, now)
    .map((r) => r.revision)
    .sort((a, b) => a - b);

describe('retention decisions', () => {
  test.each([
    ['keeps everything within both limits', records(3, 2, 1), 10, 365, []],
    ['keeps the newest N', records(5, 4, 3, 2, 1), 2, 365, [1, 2, 3]],
    ['drops records older than the age limit', records(400, 380, 10, 1), 100, 365, [1, 2]],
    ['never drops the newest record, however old', records(900, 800, 700), 100, 365, [1, 2]],
    ['never drops the newest record with one version kept', records(900), 1, 0, []],
    [
      'keeps a record whose time cannot be read unless over the count',
      records(undefined, 900, 1),
      100,
      365,
      [2],
    ],
    ['applies both limits together', records(500, 300, 260, 100, 1), 4, 250, [1, 2, 3]],
  ])('%s', (_, list, versions, days, expected) => {
    expect(dropped(list, versions, days)).toEqual(expected);
  });

  test('decides by revision whatever the order records come in', () => {
    expect(dropped(records(5, 4, 3, 2, 1).reverse(), 2, 365)).toEqual([1, 2, 3]);
  });

  test('fills in defaults and refuses a policy that makes no sense', () => {
    expect(resolveRetentionPolicy({})).toEqual({ maxVersionsPerKey: 100, maxAgeDays: 365 });
    expect(resolveRetentionPolicy({ maxAgeDays: 30, maxVersionsPerKey: undefined })).toEqual({
      maxVersionsPerKey: 100,
      maxAgeDays: 30,
    });
    expect(() => resolveRetentionPolicy({ maxVersionsPerKey: 0 })).toThrow(TypeError);
    expect(() => resolveRetentionPolicy({ maxVersionsPerKey: 1.5 })).toThrow(TypeError);
    expect(() => resolveRetentionPolicy({ maxAgeDays: -1 })).toThrow(TypeError);
  });
});
