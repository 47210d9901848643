// Unit tests of what the backups screen says: sizes, progress, the restore plan, typed prefixes.
import { describe, expect, test } from 'vitest';
import {
  type BackupProgress,
  describeProgress,
  formatBytes,
  overwriteSummary,
  ownRecordCount,
  pointOf,
  prefixesOf,
  progressPercent,
  readBackupProgress,
  restoreEntries,
  restoreRequestOf,
} from './backup-text';

const running: BackupProgress = {
  operation: 'create',
  id: 'create-1',
  backup: null,
  by: 'admin',
  phase: 'backup',
  keys: 1200,
  totalKeys: 5000,
  bytes: 1048576,
  totalBytes: null,
  done: false,
  outcome: null,
  error: null,
};

describe('formatBytes', () => {
  test.each([
    [0, '0 B'],
    [812, '812 B'],
    [40960, '40.0 KiB'],
    [2097152, '2.0 MiB'],
    [null, '—'],
  ])('%s is %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('progress', () => {
  test('a running backup says its phase and counts', () => {
    expect(describeProgress(running)).toBe('Backing up — backup: 1200 of 5000 keys, 1.0 MiB');
    expect(progressPercent(running)).toBe(24);
  });
  test('a finished one says how it went', () => {
    const done = { ...running, done: true, outcome: 'success' as const, backup: 'b1', keys: 5000 };
    expect(describeProgress(done)).toBe('Backup b1 finished: 5000 keys, 1.0 MiB');
    expect(progressPercent(done)).toBe(100);
    expect(describeProgress({ ...done, operation: 'verify', bytes: 0 })).toBe(
      'Verification b1 finished: 5000 keys',
    );
    const failed = { ...done, outcome: 'failure' as const, error: 'BACKUP_WRITE_FAILED' };
    expect(describeProgress(failed)).toBe('Backup b1 failed (BACKUP_WRITE_FAILED)');
  });
  test('without totals there is no percentage', () => {
    expect(progressPercent({ ...running, totalKeys: null })).toBeUndefined();
  });
  test('an event is read, or refused when it is not a backup report', () => {
    expect(readBackupProgress({ ...running })).toEqual(running);
    expect(readBackupProgress({ operation: 'other', id: 'x', phase: 'p' })).toBeUndefined();
  });
});

describe('restore plan', () => {
  const changes = [
    { kind: 'change', key: 'hack/http/addr', bytes: 5, sealed: false },
    { kind: 'add', key: 'hack/storage/swift/password', bytes: 812, sealed: true },
    { kind: 'remove', key: 'hack/new', bytes: 0, sealed: false },
  ] as const;
  test('becomes diff entries without values', () => {
    expect(restoreEntries(changes)).toEqual([
      {
        path: 'hack/http/addr',
        change: 'changed',
        before: { sealed: false, value: 'current value' },
        after: { sealed: false, value: 'value from the backup (5 B)' },
      },
      { path: 'hack/storage/swift/password', change: 'added', after: { sealed: true } },
      { path: 'hack/new', change: 'removed', before: { sealed: false, value: 'current value' } },
    ]);
  });
  test('the confirmation names what is overwritten', () => {
    expect(overwriteSummary({ added: 1, changed: 1, removed: 0, changes })).toBe(
      'overwrite 1 key (hack/http/addr), add 1 key (hack/storage/swift/password), remove 0 keys',
    );
    const many = Array.from({ length: 7 }, (_, i) => ({
      kind: 'change' as const,
      key: `k${i}`,
      bytes: 1,
      sealed: false,
    }));
    expect(overwriteSummary({ added: 0, changed: 7, removed: 0, changes: many })).toContain(
      'overwrite 7 keys (k0, k1, k2, k3, k4 and 2 more)',
    );
  });
});

test('Setpoint’s own records in a plan are counted', () => {
  expect(
    ownRecordCount([
      { kind: 'change', key: '_setpoint/history-position', bytes: 3, sealed: false },
      { kind: 'change', key: 'hack/http/addr', bytes: 5, sealed: false },
      { kind: 'add', key: '_setpoint/users/bob', bytes: 90, sealed: false },
    ]),
  ).toBe(2);
});

describe('typed input', () => {
  test('prefixes get their slash, once', () => {
    expect(prefixesOf(['hack', ' team-a/ ', 'hack/', ''])).toEqual(['hack/', 'team-a/']);
  });
  test('a point is a revision or a time', () => {
    expect(pointOf(' 48213 ')).toBe(48213);
    expect(pointOf('2026-11-30T06:00:00Z')).toBe('2026-11-30T06:00:00Z');
    expect(pointOf('  ')).toBeUndefined();
  });
});

describe('restore request', () => {
  test('one backup as it was, under the typed prefixes', () => {
    expect(
      restoreRequestOf({ source: 'b1', point: '48213', prefixes: ['hack', 'team-a/'], prune: true }, true),
    ).toEqual({ backup: 'b1', prefixes: ['hack/', 'team-a/'], prune: true, dryRun: true });
  });
  test('a point in time: a revision, a time, or the newest state when none is typed', () => {
    expect(restoreRequestOf({ source: '@point', point: '48213', prefixes: [], prune: false }, false)).toEqual(
      {
        at: 48213,
        prune: false,
        dryRun: false,
      },
    );
    expect(
      restoreRequestOf({ source: '@point', point: '2026-11-30T06:00:00Z', prefixes: [], prune: false }, true)
        .at,
    ).toBe('2026-11-30T06:00:00Z');
    expect(restoreRequestOf({ source: '@point', point: ' ', prefixes: [], prune: false }, true)).toEqual({
      prune: false,
      dryRun: true,
    });
  });
});
